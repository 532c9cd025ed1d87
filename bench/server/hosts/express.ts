import { createServer } from 'node:http';
import express from 'express';
import { byoExpress } from '../../../adapters/express.js';
import type { ByoEngine } from '../../../src/index.js';
import { BARE_PREFIX, BareJobs, bareTranslate } from '../bare.js';
import { MOUNT_PREFIX, listenOnLoopback } from '../listen.js';

/** Express 5: the engine mounted with one call, and the routes one would write by hand with `express.json()`. */
export async function startExpress(engine: ByoEngine): Promise<number> {
  const app = express();
  const jobs = new BareJobs();
  const json = express.json({ limit: '10mb' });
  app.use(MOUNT_PREFIX, byoExpress(engine));
  app.post(`${BARE_PREFIX}/translate`, json, (req, res) => {
    res.json(bareTranslate(req.body));
  });
  app.post(`${BARE_PREFIX}/translateAsync`, json, (req, res) => {
    res.json(jobs.submit(req.body));
  });
  app.get(`${BARE_PREFIX}/translateAsyncStatus/:id`, (req, res) => {
    const status = jobs.status(req.params.id);
    if (status) res.json(status);
    else res.status(404).json({ error: 'no such job' });
  });
  return listenOnLoopback(createServer(app));
}
