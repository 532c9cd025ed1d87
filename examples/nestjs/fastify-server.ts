// A NestJS app on Nest's Fastify platform (@nestjs/platform-fastify) that mounts the BYO Engine API under /byo
// with one call: byo-engine's Fastify plugin, registered on the Fastify instance under Nest.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { byoFastify } from 'byo-engine/fastify';
import { printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { exitOnListenError } from '../shared/listen-errors.js';
import { AppModule, demoEngine } from './app-module.js';

const { engine, token } = demoEngine();

// Nest's body parsers may stay on: the plugin is encapsulated and replaces the parsers in its own context
// by one that hands the engine the unread body (500-segment requests pass, within the engine's limit).
const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
await app.register(byoFastify, { engine, prefix: '/byo' });

const port = Number(process.env.PORT ?? 8080);
// Fastify listens on localhost unless told otherwise; HOST=0.0.0.0 to take outside connections.
await app.listen(port, process.env.HOST ?? 'localhost').catch((error: Error) => exitOnListenError(error, port));
const address = app.getHttpServer().address() as { port: number }; // PORT=0 picks a free port
printCurl(`http://localhost:${address.port}/byo`, token);

closeOnSignals(engine, () => app.close());
