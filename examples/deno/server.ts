// The BYO Engine API on Deno.serve under /byo (run: npm run start:deno). deno.json beside this file maps
// byo-engine to this repository's sources; an app of your own imports it from npm ("npm:byo-engine").
import { createByoEngine } from 'byo-engine';
import { byoFetch } from 'byo-engine/fetch';
import { demoApiToken, demoLanguages, demoTranslate, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';

declare const Deno: {
  serve(
    options: { port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> };
};

const token = demoApiToken();
const engine = createByoEngine({
  translate: demoTranslate, // stand-in: put your engine here
  languages: demoLanguages,
  auth: { apiTokens: { phrase: token } },
});

const byo = byoFetch(engine, { prefix: '/byo' });
const server = Deno.serve(
  // PORT=0 picks a free port
  { port: Number(process.env.PORT ?? 8080), onListen: ({ port }) => printCurl(`http://localhost:${port}/byo`, token) },
  (request) => (new URL(request.url).pathname === '/health' ? Response.json({ ok: true }) : byo(request)),
);

closeOnSignals(engine, () => server.shutdown());
