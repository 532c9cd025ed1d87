// The BYO Engine API on Bun.serve under /byo (run: npm run start:bun, or bun examples/bun/server.ts).
import { createByoEngine } from 'byo-engine';
import { byoFetch } from 'byo-engine/fetch';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';

declare const Bun: {
  serve(options: { port: number; fetch: (request: Request) => Response | Promise<Response> }): { port: number; stop(): Promise<void> };
};

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const byo = byoFetch(engine, { prefix: '/byo' });
const server = Bun.serve({
  port: Number(process.env.PORT ?? 8080), // PORT=0 picks a free port
  fetch: (request) => (new URL(request.url).pathname === '/health' ? Response.json({ ok: true }) : byo(request)),
});
printCurl(`http://localhost:${server.port}/byo`, token);

closeOnSignals(engine, () => server.stop());
