// An existing Koa app that mounts the BYO Engine API under /byo with one call.
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createByoEngine } from 'byo-engine';
import { byoKoa } from 'byo-engine/koa';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { exitOnListenError } from '../shared/listen-errors.js';

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const app = new Koa();
app.use(byoKoa(engine, { prefix: '/byo' }));
app.use(async (ctx, next) => {
  if (ctx.path !== '/health') {
    await next();
    return;
  }
  ctx.body = { ok: true };
});

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, () => {
  const { port: listening } = server.address() as AddressInfo; // PORT=0 picks a free port
  printCurl(`http://localhost:${listening}/byo`, token);
});
server.once('error', (error) => exitOnListenError(error, port));

closeOnSignals(engine, () => server.close());
