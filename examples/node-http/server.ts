// A plain node:http server (no framework) that serves the BYO Engine API under /byo.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createByoEngine } from 'byo-engine';
import { byoNode } from 'byo-engine/node';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const byo = byoNode(engine, { prefix: '/byo' });
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    return;
  }
  byo(req, res); // outside /byo: the engine's JSON 404
});

server.listen(Number(process.env.PORT ?? 8080), () => {
  const { port } = server.address() as AddressInfo; // PORT=0 picks a free port
  printCurl(`http://localhost:${port}/byo`, token);
});

closeOnSignals(engine, () => server.close());
