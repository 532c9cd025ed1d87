// An existing Fastify app that mounts the BYO Engine API under /byo with one call.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { createByoEngine } from 'byo-engine';
import { byoFastify } from 'byo-engine/fastify';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const app = Fastify();
app.get('/health', async () => ({ ok: true }));
await app.register(byoFastify, { engine, prefix: '/byo' });

const port = Number(process.env.PORT ?? 8080);
// Fastify listens on localhost unless told otherwise; HOST=0.0.0.0 to take outside connections.
await app.listen({ port, host: process.env.HOST ?? 'localhost' });
const { port: listening } = app.server.address() as AddressInfo; // PORT=0 picks a free port
printCurl(`http://localhost:${listening}/byo`, token);

// As in the Express example: the engine closes first (new translations get 503, polls keep working,
// running jobs get SHUTDOWN_GRACE_MS to finish), then the server closes and the process exits.
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
async function shutdown(signal: string) {
  console.log(`${signal}: finishing running jobs (up to ${graceMs} ms), then exiting`);
  await engine.close({ graceMs });
  await app.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
