import { createServer } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { byoExpress } from '../../../adapters/express.js';
import type { ByoEngine } from '../../../src/index.js';
import { BARE_PREFIX, BareJobs, bareTranslate } from '../bare.js';
import { MOUNT_PREFIX, listenOnLoopback } from '../listen.js';
import { SAFE_BODY_LIMIT, SAFE_PREFIX, createSafeChecks } from '../safe.js';

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

  const checks = createSafeChecks(engine.document);
  const safeJobs = new BareJobs();
  const safeJson = express.json({ limit: SAFE_BODY_LIMIT });
  const token = (req: Request, res: Response, next: NextFunction) => {
    if (checks.tokenOk(req.headers['x-api-token'])) next();
    else res.status(401).json({ error: 'unauthorized' });
  };
  const validTranslate = (req: Request, res: Response, next: NextFunction) => {
    const problem = checks.translateBodyProblem(req.body);
    if (problem) res.status(400).json({ error: problem });
    else next();
  };
  app.post(`${SAFE_PREFIX}/translate`, token, safeJson, validTranslate, (req, res) => {
    res.json(bareTranslate(req.body));
  });
  app.post(`${SAFE_PREFIX}/translateAsync`, token, safeJson, validTranslate, (req, res) => {
    res.json(safeJobs.submit(req.body));
  });
  app.get(`${SAFE_PREFIX}/translateAsyncStatus/:id`, token, (req, res) => {
    const status = safeJobs.status(req.params.id as string);
    if (status) res.json(status);
    else res.status(404).json({ error: 'no such job' });
  });
  return listenOnLoopback(createServer(app));
}
