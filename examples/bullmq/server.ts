// Durable async jobs on BullMQ: an Express front-end with a worker in the same process (BYO_WORKER=0: the
// front-end only submits and reads; run `npm run start:bullmq-worker` for workers). Start as many as you
// like on the same REDIS_URL and BYO_QUEUE: a job accepted by one is finished by any worker, whatever happens
// to the instance that took it.   npm run start:bullmq
//
// Environment: PORT (0 picks a free one; default 8080), REDIS_URL, BYO_API_TOKEN, BYO_QUEUE, DEMO_TRANSLATE_DELAY_MS,
// and optionally BYO_WORKER, BYO_CONCURRENCY, BYO_GLOBAL_CONCURRENCY, BYO_LOCK_MS, BYO_STALLED_INTERVAL_MS, SHUTDOWN_GRACE_MS.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createByoEngine } from 'byo-engine';
import { bullmqJobs } from 'byo-engine/bullmq';
import { byoExpress } from 'byo-engine/express';
import { demoApiToken, demoLanguages, printCurl } from '../shared/demo-translator.js';
import { concurrency, graceMs, queueSettings, translate } from './settings.js';

const token = demoApiToken();
const engine = createByoEngine({
  translate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
  jobs: { concurrency, backend: bullmqJobs({ ...queueSettings, worker: process.env.BYO_WORKER !== '0' }) },
});

const app = express();
// A readiness probe: 503 while Redis cannot be reached or the engine is closing.
app.get('/ready', async (_req, res) => {
  const health = await engine.health();
  res.status(health.status === 'ok' ? 200 : 503).json(health);
});
app.use('/byo', byoExpress(engine));

const server = app.listen(Number(process.env.PORT ?? 8080), () => {
  const { port } = server.address() as AddressInfo;
  printCurl(`http://localhost:${port}/byo`, token);
});

const shutdown = async (signal: string) => {
  console.log(`${signal}: finishing running jobs (up to ${graceMs} ms; the rest go back to the queue), then exiting`);
  await engine.close({ graceMs });
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
