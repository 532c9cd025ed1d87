import { createServer } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa from 'koa';
import { byoKoa } from '../../../adapters/koa.js';
import type { ByoEngine } from '../../../src/index.js';
import { BARE_PREFIX, BareJobs, bareTranslate } from '../bare.js';
import { MOUNT_PREFIX, listenOnLoopback } from '../listen.js';
import { SAFE_BODY_LIMIT, SAFE_PREFIX, createSafeChecks } from '../safe.js';

/** Koa 3: the engine mounted with one call, and hand-written `@koa/router` routes with `@koa/bodyparser`. */
export async function startKoa(engine: ByoEngine): Promise<number> {
  const app = new Koa();
  const jobs = new BareJobs();
  const json = bodyParser({ jsonLimit: '10mb' });
  const router = new Router({ prefix: BARE_PREFIX });
  router.post('/translate', json, (ctx) => {
    ctx.body = bareTranslate(ctx.request.body);
  });
  router.post('/translateAsync', json, (ctx) => {
    ctx.body = jobs.submit(ctx.request.body);
  });
  router.get('/translateAsyncStatus/:id', (ctx) => {
    const status = jobs.status(ctx.params.id);
    ctx.status = status ? 200 : 404;
    ctx.body = status ?? { error: 'no such job' };
  });
  const checks = createSafeChecks(engine.document);
  const safeJobs = new BareJobs();
  const safeJson = bodyParser({ jsonLimit: SAFE_BODY_LIMIT });
  const safeRouter = new Router({ prefix: SAFE_PREFIX });
  const token: Koa.Middleware = async (ctx, next) => {
    if (!checks.tokenOk(ctx.get('x-api-token'))) {
      ctx.status = 401;
      ctx.body = { error: 'unauthorized' };
      return;
    }
    await next();
  };
  const validTranslate: Koa.Middleware = async (ctx, next) => {
    const problem = checks.translateBodyProblem(ctx.request.body);
    if (problem) {
      ctx.status = 400;
      ctx.body = { error: problem };
      return;
    }
    await next();
  };
  safeRouter.post('/translate', token, safeJson, validTranslate, (ctx) => {
    ctx.body = bareTranslate(ctx.request.body);
  });
  safeRouter.post('/translateAsync', token, safeJson, validTranslate, (ctx) => {
    ctx.body = safeJobs.submit(ctx.request.body);
  });
  safeRouter.get('/translateAsyncStatus/:id', token, (ctx) => {
    const status = safeJobs.status(ctx.params.id);
    ctx.status = status ? 200 : 404;
    ctx.body = status ?? { error: 'no such job' };
  });
  app.use(byoKoa(engine, { prefix: MOUNT_PREFIX }));
  app.use(router.routes());
  app.use(safeRouter.routes());
  const handle = app.callback();
  return listenOnLoopback(createServer((request, response) => void handle(request, response)));
}
