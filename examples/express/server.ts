// An existing Express app that mounts the BYO Engine API under /byo with one call.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const app = express();
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});
app.use('/byo', byoExpress(engine));

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, () => {
  const { port: listening } = server.address() as AddressInfo; // PORT=0 picks a free port
  printCurl(`http://localhost:${listening}/byo`, token);
});

// On SIGTERM/SIGINT the server keeps listening while the engine closes: new translations get 503 with
// Retry-After, Phrase can still poll and fetch results, running jobs get SHUTDOWN_GRACE_MS to finish
// (the rest end `failed`, saying the server shut down). Then the server closes and the process exits.
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
async function shutdown(signal: string) {
  console.log(`${signal}: finishing running jobs (up to ${graceMs} ms), then exiting`);
  await engine.close({ graceMs });
  server.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
