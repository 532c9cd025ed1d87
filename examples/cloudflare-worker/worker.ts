// The BYO Engine API as a Cloudflare Worker under /byo. Deploy it with wrangler (no compatibility flags needed,
// see docs/runtimes.md) and the secret BYO_API_TOKEN; run it here with npm run start:worker.
import { createByoEngine } from 'byo-engine';
import { byoFetch, type ByoFetchHandler } from 'byo-engine/fetch';
import { demoLanguages, demoTranslate } from '../shared/demo-translator.js';

interface Env {
  BYO_API_TOKEN: string;
}

// Workers allow no timers outside a request (the memory store sets one), and `env` comes with the
// request: the engine is made on the first request and kept for the isolate's life.
let byo: ByoFetchHandler | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> | Response {
    if (new URL(request.url).pathname === '/health') return Response.json({ ok: true });
    byo ??= byoFetch(
      createByoEngine({
        translate: demoTranslate, // stand-in: put your engine here
        languages: demoLanguages,
        auth: { apiTokens: { phrase: env.BYO_API_TOKEN } },
      }),
      { prefix: '/byo' },
    );
    return byo(request);
  },
};
