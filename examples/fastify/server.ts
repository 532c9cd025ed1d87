// An existing Fastify app that mounts the BYO Engine API under /byo with one call.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { createByoEngine } from 'byo-engine';
import { byoFastify } from 'byo-engine/fastify';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { exitOnListenError } from '../shared/listen-errors.js';

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
await app.listen({ port, host: process.env.HOST ?? 'localhost' }).catch((error: Error) => exitOnListenError(error, port));
const { port: listening } = app.server.address() as AddressInfo; // PORT=0 picks a free port
printCurl(`http://localhost:${listening}/byo`, token);

closeOnSignals(engine, () => app.close());
