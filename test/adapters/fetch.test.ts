// The Fetch handler called directly with Request objects, and inside a real Hono app on @hono/node-server.
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createAdaptorServer } from '@hono/node-server';
import type { ByoEngine, TranslateFunction } from 'byo-engine';
import { byoFetch } from 'byo-engine/fetch';
import { listen, type RunningApp } from '../support/adapter-rows.js';
import { AUTH_HEADERS, recordingTranslator, testEngine, translateBody } from '../support/test-engine.js';

const engines: ByoEngine[] = [];
const apps: RunningApp[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close({ graceMs: 0 });
  for (const app of apps.splice(0)) await app.close();
});

function engineWith(translate?: TranslateFunction): ByoEngine {
  const engine = testEngine(translate ? { translate } : {});
  engines.push(engine);
  return engine;
}

const translateRequest = (url: string, init: RequestInit & { duplex?: 'half' } = {}) =>
  new Request(url, {
    method: 'POST',
    headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify(translateBody(2)),
    ...init,
  });

describe('byoFetch called with Request objects', () => {
  it('answers under the prefix, with the engine status, headers and JSON body', async () => {
    const handler = byoFetch(engineWith(), { prefix: '/byo' });
    const response = await handler(translateRequest('https://mt.example/byo/translate?trace=1'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await response.json()).segments[1].translatedText).toBe('<de>segment 1');

    const wrongMethod = await handler(new Request('https://mt.example/byo/translate', { headers: AUTH_HEADERS }));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toEqual({ error: 'Method GET is not allowed here; use POST' });
  });

  it('answers 404 JSON outside the prefix, without letting a path outside reach an endpoint', async () => {
    const handler = byoFetch(engineWith(), { prefix: '/api/v1/byo' });
    for (const url of [
      'https://mt.example/translate',
      'https://mt.example/api/v1/byox/translate',
      'https://mt.example/API/v1/byo/translate',
    ]) {
      const response = await handler(translateRequest(url));
      expect(response.status, url).toBe(404);
      expect(await response.json(), url).toEqual({ error: `No such endpoint: POST ${new URL(url).pathname}` });
    }
    expect((await handler(translateRequest('https://mt.example/api/v1/byo/translate'))).status).toBe(200);
  });

  it('reads a streamed body within the engine limit', async () => {
    const { translate, calls } = recordingTranslator();
    const handler = byoFetch(engineWith(translate), { prefix: '/byo' });
    const bytes = new TextEncoder().encode(JSON.stringify(translateBody(3)));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    const response = await handler(translateRequest('https://mt.example/byo/translate', { body, duplex: 'half' }));
    expect(response.status).toBe(200);
    expect(calls[0].segments).toHaveLength(3);
  });

  it("passes the request's signal to the translator of a synchronous request", async () => {
    let reachedTranslator!: () => void;
    const reached = new Promise<void>((resolve) => {
      reachedTranslator = resolve;
    });
    let translatorSignal: AbortSignal | undefined;
    const untilAborted: TranslateFunction = (_request, context) =>
      new Promise((_resolve, reject) => {
        translatorSignal = context.signal;
        context.signal.addEventListener('abort', () => reject(new Error('caller went away')));
        reachedTranslator();
      });
    const handler = byoFetch(engineWith(untilAborted), { prefix: '/byo' });
    const caller = new AbortController();
    const answer = handler(translateRequest('https://mt.example/byo/translate', { signal: caller.signal }));
    await reached;
    expect(translatorSignal!.aborted).toBe(false);
    caller.abort();
    await answer;
    expect(translatorSignal!.aborted).toBe(true);
  });

  it('refuses, loudly, a Request whose body the host already read', async () => {
    const handler = byoFetch(engineWith(), { prefix: '/byo' });
    const request = translateRequest('https://mt.example/byo/translate');
    await request.text();
    await expect(handler(request)).rejects.toThrow(/body was already read by the host/);
  });
});

describe('byoFetch inside a Hono app on @hono/node-server', () => {
  async function serveHono(app: Hono): Promise<string> {
    const started = await listen(createAdaptorServer({ fetch: app.fetch }) as Server);
    apps.push(started);
    return started.origin;
  }

  it("mounts with app.all('/byo/*') and leaves the host's routes alone", async () => {
    const handler = byoFetch(engineWith(), { prefix: '/byo' });
    const app = new Hono();
    app.get('/host/hello', (c) => c.json({ host: 'hono' }));
    app.all('/byo/*', (c) => handler(c.req.raw));
    const origin = await serveHono(app);

    const translated = await fetch(`${origin}/byo/translate`, {
      method: 'POST',
      headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(translateBody(1)),
    });
    expect(translated.status).toBe(200);
    expect((await translated.json()).segments[0].translatedText).toBe('<de>segment 0');
    expect(await (await fetch(`${origin}/host/hello`)).json()).toEqual({ host: 'hono' });
    const outside = await fetch(`${origin}/other`);
    expect(outside.status).toBe(404);
    expect(await outside.text()).toBe('404 Not Found');
  });

  it("after a host middleware read the body with c.req.json(), works from Hono's cached body", async () => {
    const { translate, calls } = recordingTranslator();
    const handler = byoFetch(engineWith(translate), { prefix: '/byo' });
    const app = new Hono();
    const seenByHost: unknown[] = [];
    app.use('*', async (c, next) => {
      if (c.req.method === 'POST') seenByHost.push(await c.req.json());
      await next();
    });
    app.all('/byo/*', async (c) => handler(c.req.raw.bodyUsed ? new Request(c.req.raw, { body: await c.req.arrayBuffer() }) : c.req.raw));
    const origin = await serveHono(app);

    const response = await fetch(`${origin}/byo/translate`, {
      method: 'POST',
      headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(translateBody(2)),
    });
    expect(response.status).toBe(200);
    expect(seenByHost).toEqual([translateBody(2)]);
    expect(calls[0].segments).toHaveLength(2);
  });
});
