// An existing Express app that mounts the BYO Engine API under /byo with one call.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { exitOnListenError } from '../shared/listen-errors.js';

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
const server = app.listen(port, (error) => {
  if (error) exitOnListenError(error, port); // Express 5 passes a listen error (a busy port) here
  const { port: listening } = server.address() as AddressInfo; // PORT=0 picks a free port
  printCurl(`http://localhost:${listening}/byo`, token);
});

// SIGTERM/SIGINT: the engine closes first (polls keep working during the grace period), then the server.
closeOnSignals(engine, () => server.close());
