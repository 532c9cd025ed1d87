// Several instances behind a load balancer: the Express example with its jobs in Redis, so that Phrase can
// submit a job to one instance and poll any other. Start as many as you like with the same REDIS_URL and
// REDIS_PREFIX:  PORT=8081 npx tsx examples/express-redis/server.ts
//
// Environment: PORT (0 picks a free one), REDIS_URL (default redis://127.0.0.1:6379), REDIS_PREFIX (default
// byo-engine:), LEASE_MS (a job whose instance died is reported failed after this; default 30000),
// BYO_API_TOKEN, SHUTDOWN_GRACE_MS, and DEMO_DELAY_MS (slows the stand-in translator, to watch jobs in flight).
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { RedisJobStore } from 'byo-engine/redis';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { exitOnListenError } from '../shared/listen-errors.js';

let store: RedisJobStore;
try {
  // Waits for Redis, and fails with a clear message when it cannot be reached.
  store = await RedisJobStore.connect({
    url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: process.env.REDIS_PREFIX ?? 'byo-engine:',
    leaseMs: Number(process.env.LEASE_MS ?? 30_000),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
  jobs: { store },
});

const app = express();
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});
app.use('/byo', byoExpress(engine));

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, (error) => {
  if (error) {
    // Express 5 passes a listen error (a busy port) here; Redis is let go before exiting.
    void store.close().finally(() => exitOnListenError(error, port));
    return;
  }
  const { port: listening } = server.address() as AddressInfo; // PORT=0 picks a free port
  printCurl(`http://localhost:${listening}/byo`, token);
});

closeOnSignals(engine, async () => {
  server.close();
  await store.close(); // the engine closes only stores it created itself
});
