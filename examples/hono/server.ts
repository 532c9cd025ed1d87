// An existing Hono app (on Node, via @hono/node-server) that mounts the BYO Engine API under /byo.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createByoEngine } from 'byo-engine';
import { byoFetch } from 'byo-engine/fetch';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';

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
