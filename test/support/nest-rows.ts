// NestJS rows of the behaviour suite: the engine mounted in a Nest application, on Nest's Express platform
// (`app.use(prefix, byoExpress(engine))`) and on its Fastify platform (`app.register(byoFastify, ...)`).
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { byoExpress } from 'byo-engine/express';
import { byoFastify } from 'byo-engine/fastify';
import type { AdapterRow, RunningApp } from './adapter-rows.js';

/** A Nest module whose controller serves `GET /host/hello` as every row's host does. Decorators as functions: no `experimentalDecorators` here. */
function hostModule(name: string): new () => object {
  class HostController {
    hello() {
      return { host: name };
    }
  }
  Get('hello')(HostController.prototype, 'hello', Object.getOwnPropertyDescriptor(HostController.prototype, 'hello')!);
  Controller('host')(HostController);
  class HostModule {}
  Module({ controllers: [HostController] })(HostModule);
  return HostModule;
}

async function listening(app: INestApplication): Promise<RunningApp> {
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await app.close();
    },
  };
}

/** Nest on Express. Its own JSON parser (100 kB by default) is off, or on with a limit above the engine's. */
export function nestExpressRow(name: string): AdapterRow {
  return {
    name,
    async start(engine, { prefix, hostBodyParser }) {
      const app = await NestFactory.create<NestExpressApplication>(hostModule(name), { bodyParser: false, logger: false });
      if (hostBodyParser) app.useBodyParser('json', { limit: '20mb' });
      app.use(prefix, byoExpress(engine));
      return listening(app);
    },
  };
}

/** Nest on Fastify: Nest's parsers stay on when the host has one; the plugin replaces them in its own scope. */
export function nestFastifyRow(name: string): AdapterRow {
  return {
    name,
    async start(engine, { prefix, hostBodyParser }) {
      const adapter = new FastifyAdapter({ forceCloseConnections: true, requestTimeout: 120_000, connectionTimeout: 120_000 });
      const app = await NestFactory.create<NestFastifyApplication>(hostModule(name), adapter, {
        bodyParser: hostBodyParser,
        logger: false,
      });
      await app.register(byoFastify, { engine, prefix });
      return listening(app);
    },
  };
}
