import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { ByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import express5 from 'express';
import express4 from 'express4';
import { byoKoa } from 'byo-engine/koa';
import { byoFastify } from 'byo-engine/fastify';
import { byoFetch } from 'byo-engine/fetch';
import { byoNode } from 'byo-engine/node';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import Router from '@koa/router';
import { bodyParser as koaBodyParser } from '@koa/bodyparser';
import koaBodyParserLegacy from 'koa-bodyparser';
import fastify5, { type FastifyInstance } from 'fastify';
import fastify4 from 'fastify4';
import { Hono, type Context as HonoContext } from 'hono';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { nestExpressRow, nestFastifyRow } from './nest-rows.js';

/** How a host app is set up around the engine. */
export interface HostOptions {
  /** Mount point, such as `/byo` or `/api/v1/byo`. */
  prefix: string;
  /** Install the framework's usual JSON body parser in the host before the engine. */
  hostBodyParser: boolean;
}

export interface RunningApp {
  /** `http://127.0.0.1:PORT` (no prefix). */
  origin: string;
  close(): Promise<void>;
}

/**
 * One framework and major version. Every host app also serves `GET /host/hello` itself, answering
 * `{ "host": "<row name>" }`, so tests can check that routes outside the prefix are untouched.
 */
export interface AdapterRow {
  name: string;
  start(engine: ByoEngine, host: HostOptions): Promise<RunningApp>;
}

export async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

type ExpressFactory = typeof express5;

function expressRow(name: string, express: ExpressFactory): AdapterRow {
  return {
    name,
    start(engine, { prefix, hostBodyParser }) {
      const app = express();
      if (hostBodyParser) app.use(express.json({ limit: '20mb' }));
      app.get('/host/hello', (_req, res) => {
        res.json({ host: name });
      });
      // Nested prefixes go through a router, as a real app would mount them.
      const [first, ...rest] = prefix.split('/').filter(Boolean);
      if (rest.length === 0) app.use(prefix, byoExpress(engine));
      else {
        const router = express.Router();
        router.use(`/${rest.join('/')}`, byoExpress(engine));
        app.use(`/${first}`, router);
      }
      return listen(createServer(app));
    },
  };
}

/** The host's body parsers for Koa, each with a limit above the engine's so that the engine's 413 applies. */
export const koaBodyParsers = {
  '@koa/bodyparser': () => koaBodyParser({ jsonLimit: '20mb' }),
  'koa-bodyparser': () => koaBodyParserLegacy({ jsonLimit: '20mb' }),
} as const;

type KoaConstructor = typeof Koa3;

/**
 * Koa: a one-segment prefix through `byoKoa(engine, { prefix })` on the app; a nested prefix through
 * nested `@koa/router` routers, with the mount path taken from the router.
 */
export function koaRow(name: string, Koa: KoaConstructor, bodyParser: keyof typeof koaBodyParsers): AdapterRow {
  return {
    name,
    start(engine, { prefix, hostBodyParser }) {
      const app = new Koa();
      app.silent = true; // the host's own 400s (a body parser refusing malformed JSON) are not worth a stack trace
      if (hostBodyParser) app.use(koaBodyParsers[bodyParser]());
      const host = new Router();
      host.get('/host/hello', (ctx) => {
        ctx.body = { host: name };
      });
      app.use(host.routes());
      const segments = prefix.split('/').filter(Boolean);
      if (segments.length <= 1) app.use(byoKoa(engine, { prefix }));
      else {
        let router = new Router();
        router.all(['/', '/{*path}'], byoKoa(engine));
        for (const segment of segments.reverse()) router = new Router().use(`/${segment}`, router.routes());
        app.use(router.routes());
      }
      const handle = app.callback();
      return listen(createServer((request, response) => void handle(request, response)));
    },
  };
}

type FastifyFactory = typeof fastify5;

/** A host JSON parser of its own, as apps that swap Fastify's default one have. */
function useHostJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, JSON.parse(text as string));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });
  app.post('/host/echo', async (request) => ({ echoed: request.body }));
}

/** Fastify: a nested prefix through nested `register` prefixes, as Fastify apps nest plugins. */
export function fastifyRow(name: string, fastify: FastifyFactory): AdapterRow {
  return {
    name,
    async start(engine, { prefix, hostBodyParser }) {
      // Fastify's requestTimeout is 0 (none) by default; docs/hardening-and-shutdown.md asks hosts for one.
      const app = fastify({ forceCloseConnections: true, requestTimeout: 120_000, connectionTimeout: 120_000 });
      if (hostBodyParser) useHostJsonParser(app);
      app.get('/host/hello', async () => ({ host: name }));
      const segments = prefix.split('/').filter(Boolean);
      const last = segments.pop()!;
      let plugin = async (scope: FastifyInstance) => {
        await scope.register(byoFastify, { engine, prefix: `/${last}` });
      };
      for (const segment of segments.reverse()) {
        const inner = plugin;
        plugin = async (scope) => {
          await scope.register(inner, { prefix: `/${segment}` });
        };
      }
      await app.register(plugin);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      return { origin: `http://127.0.0.1:${port}`, close: () => app.close() };
    },
  };
}

/**
 * Hono reads the body once: after a host middleware's `c.req.json()`, the raw Request is used up, so
 * the mount hands the engine a Request rebuilt from Hono's cached body.
 */
async function unreadRequest(c: HonoContext): Promise<Request> {
  return c.req.raw.bodyUsed ? new Request(c.req.raw, { body: await c.req.arrayBuffer() }) : c.req.raw;
}

/** Fetch via Hono on @hono/node-server: a nested prefix through `app.route` sub-apps. */
export function honoRow(name: string): AdapterRow {
  return {
    name,
    start(engine, { prefix, hostBodyParser }) {
      const app = new Hono();
      if (hostBodyParser) {
        app.use('*', async (c, next) => {
          if (c.req.header('content-type')?.startsWith('application/json') && c.req.header('content-length') !== '0') {
            try {
              await c.req.json();
            } catch {
              return c.json({ message: 'host: malformed JSON' }, 400);
            }
          }
          await next();
        });
      }
      app.get('/host/hello', (c) => c.json({ host: name }));
      const handler = byoFetch(engine, { prefix });
      const segments = prefix.split('/').filter(Boolean);
      let mounted = new Hono().all('/*', async (c) => handler(await unreadRequest(c), { remoteAddress: getConnInfo(c).remote.address }));
      for (const segment of segments.slice(1).reverse()) mounted = new Hono().route(`/${segment}`, mounted);
      app.route(`/${segments[0]}`, mounted);
      return listen(createAdaptorServer({ fetch: app.fetch }) as Server);
    },
  };
}

const hostJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * A plain `node:http` server: its own routing around `byoNode` used as a Connect-style middleware, and
 * as the host's body parser `express.json()`, the usual Connect-style one.
 */
export function nodeHttpRow(name: string): AdapterRow {
  return {
    name,
    start(engine, { prefix, hostBodyParser }) {
      const byo = byoNode(engine, { prefix });
      const parser = hostBodyParser ? express5.json({ limit: '20mb' }) : undefined;
      const notFound = (res: ServerResponse) => hostJson(res, 404, { message: 'host: not found' });
      return listen(
        createServer((req, res) => {
          if (req.method === 'GET' && req.url === '/host/hello') return hostJson(res, 200, { host: name });
          const toEngine = () => byo(req, res, (error) => (error ? hostJson(res, 500, { message: 'host: failed' }) : notFound(res)));
          if (!parser) return toEngine();
          parser(req, res, (error?: unknown) => (error ? hostJson(res, 400, { message: 'host: malformed JSON' }) : toEngine()));
        }),
      );
    },
  };
}

/** Every framework row the behaviour suite runs against. */
export const adapterRows: AdapterRow[] = [
  expressRow('express5', express5),
  expressRow('express4', express4),
  koaRow('koa3', Koa3, '@koa/bodyparser'),
  koaRow('koa2', Koa2, 'koa-bodyparser'),
  fastifyRow('fastify5', fastify5),
  fastifyRow('fastify4', fastify4),
  honoRow('hono-fetch'),
  nodeHttpRow('node-http'),
  nestExpressRow('nest-express'),
  nestFastifyRow('nest-fastify'),
];

/** An engine mounted on one row for the tests of the enclosing `describe` block. */
export interface MountedEngine {
  readonly engine: ByoEngine;
  readonly app: RunningApp;
  /** The API's base URL: origin plus prefix. */
  readonly base: string;
}

/** Builds the engine and starts the row's host app before the block's tests; closes both after them. */
export function mountForBlock(row: AdapterRow, makeEngine: () => ByoEngine, host: HostOptions): MountedEngine {
  let started: MountedEngine | undefined;
  beforeAll(async () => {
    const engine = makeEngine();
    const app = await row.start(engine, host);
    started = { engine, app, base: `${app.origin}${host.prefix}` };
  });
  afterAll(async () => {
    await started?.app.close();
    await started?.engine.close();
  });
  const current = () => {
    if (!started) throw new Error('mountForBlock: used outside the tests of its block');
    return started;
  };
  return {
    get engine() {
      return current().engine;
    },
    get app() {
      return current().app;
    },
    get base() {
      return current().base;
    },
  };
}
