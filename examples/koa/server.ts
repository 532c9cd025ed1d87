// An existing Koa app that mounts the BYO Engine API under /byo with one call.
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createByoEngine } from 'byo-engine';
import { byoKoa } from 'byo-engine/koa';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const app = new Koa();
app.use(byoKoa(engine, { prefix: '/byo' }));
app.use(async (ctx, next) => {
  if (ctx.path !== '/health') return next();
  ctx.body = { ok: true };
});

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, () => {
  const { port: listening } = server.address() as AddressInfo; // PORT=0 picks a free port
  printCurl(`http://localhost:${listening}/byo`, token);
});

// As in the Express example: the engine closes first (new translations get 503, polls keep working,
// running jobs get SHUTDOWN_GRACE_MS to finish), then the server closes and the process exits.
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
async function shutdown(signal: string) {
  console.log(`${signal}: finishing running jobs (up to ${graceMs} ms), then exiting`);
  await engine.close({ graceMs });
  server.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
