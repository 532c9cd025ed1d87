// An existing Hono app (on Node, via @hono/node-server) that mounts the BYO Engine API under /byo.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createByoEngine } from 'byo-engine';
import { byoFetch } from 'byo-engine/fetch';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { exitOnListenError } from '../shared/listen-errors.js';

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const byo = byoFetch(engine, { prefix: '/byo' });
const app = new Hono();
app.get('/health', (c) => c.json({ ok: true }));
app.all('/byo/*', (c) => byo(c.req.raw));

const port = Number(process.env.PORT ?? 8080);
const server = serve({ fetch: app.fetch, port }, (info) => printCurl(`http://localhost:${info.port}/byo`, token)); // PORT=0 picks a free port
server.once('error', (error: Error) => exitOnListenError(error, port));

closeOnSignals(engine, () => server.close());
