import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { ByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import express5 from 'express';
import express4 from 'express4';

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

/** Every framework row the behaviour suite runs against. */
export const adapterRows: AdapterRow[] = [
  expressRow('express5', express5),
  expressRow('express4', express4 as unknown as ExpressFactory),
];
