// Koa-specific set-ups: behind @koa/router, outside the prefix, and after either body parser.
import { createServer, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import Koa3 from 'koa';
import Koa2 from 'koa2';
import Router from '@koa/router';
import type { ByoEngine } from 'byo-engine';
import { byoKoa } from 'byo-engine/koa';
import { koaBodyParsers, listen, type RunningApp } from '../support/adapter-rows.js';
import { AUTH_HEADERS, recordingTranslator, testEngine, translateBody } from '../support/test-engine.js';

const running: { app: RunningApp; engine: ByoEngine }[] = [];
afterEach(async () => {
  for (const { app, engine } of running.splice(0)) {
    await engine.close({ graceMs: 0 });
    await app.close();
  }
});

async function serve(app: { silent: boolean; callback(): RequestListener }, engine: ByoEngine): Promise<string> {
  app.silent = true;
  const started = await listen(createServer(app.callback()));
  running.push({ app: started, engine });
  return started.origin;
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { ...AUTH_HEADERS, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe.each([
  { major: 'koa3', Koa: Koa3 },
  { major: 'koa2', Koa: Koa2 },
])('$major', ({ Koa }) => {
  it('behind @koa/router, takes the mount path from the route the router matched (router prefixes included)', async () => {
    const engine = testEngine();
    const router = new Router({ prefix: '/api' });
    router.get('/users', (ctx) => {
      ctx.body = { users: [] };
    });
    router.all(['/byo', '/byo/{*path}'], byoKoa(engine));
    const app = new Koa().use(router.routes());
    const origin = await serve(app, engine);

    const translated = await postJson(`${origin}/api/byo/translate`, translateBody(1));
    expect(translated.status).toBe(200);
    expect((await translated.json()).segments[0].translatedText).toBe('<de>segment 0');
    const unknown = await fetch(`${origin}/api/byo/translateAsyncStatus/a%2Fb`, { headers: AUTH_HEADERS });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toContain('Job a/b was not found');
    const root = await fetch(`${origin}/api/byo`);
    expect(await root.json()).toEqual({ error: 'No such endpoint: GET /' });
    expect(await (await fetch(`${origin}/api/users`)).json()).toEqual({ users: [] });
  });

  it('behind nested routers mounted with router.use, with the mount path of every level', async () => {
    const engine = testEngine();
    const byo = new Router();
    byo.all(['/', '/{*path}'], byoKoa(engine));
    const v1 = new Router().use('/byo', byo.routes());
    const api = new Router().use('/v1', v1.routes());
    const app = new Koa().use(new Router().use('/api', api.routes()).routes());
    const origin = await serve(app, engine);

    const languages = await postJson(`${origin}/api/v1/byo/languages`, {});
    expect(languages.status).toBe(200);
    expect((await languages.json()).languagePairs).toHaveLength(3);
    const wrongMethod = await fetch(`${origin}/api/v1/byo/translate`, { headers: AUTH_HEADERS });
    expect(wrongMethod.status).toBe(405);
  });

  it('with an explicit prefix, works behind a router too: the prefix is the path from the app root', async () => {
    const engine = testEngine();
    const router = new Router({ prefix: '/api' });
    router.all('/byo/{*path}', byoKoa(engine, { prefix: '/api/byo' }));
    const origin = await serve(new Koa().use(router.routes()), engine);
    expect((await postJson(`${origin}/api/byo/status`, {})).status).toBe(200);
  });

  it('passes requests outside the prefix to the next middleware, and answers every path under it', async () => {
    const engine = testEngine();
    const app = new Koa();
    app.use(byoKoa(engine, { prefix: '/byo/' }));
    app.use((ctx) => {
      ctx.body = { host: ctx.path };
    });
    const origin = await serve(app, engine);

    for (const path of ['/byox/translate', '/other', '/', '/BYO/translate']) {
      expect(await (await fetch(`${origin}${path}`)).json(), path).toEqual({ host: path });
    }
    const unknown = await fetch(`${origin}/byo/nope?x=1`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'No such endpoint: GET /nope' });
    expect((await postJson(`${origin}/byo/translate?x=1`, translateBody(1))).status).toBe(200);
  });

  describe.each(Object.keys(koaBodyParsers) as (keyof typeof koaBodyParsers)[])('after %s', (parserName) => {
    it('uses the body the parser consumed (no hang), and prefers its raw text to the parsed value', async () => {
      const { translate, calls } = recordingTranslator();
      const engine = testEngine({ translate });
      const app = new Koa();
      app.use(koaBodyParsers[parserName]());
      // A host middleware that replaces the parsed body: the engine must read the raw body instead.
      app.use(async (ctx, next) => {
        (ctx.request as { body?: unknown }).body = { replaced: true };
        await next();
      });
      app.use(byoKoa(engine, { prefix: '/byo' }));
      const origin = await serve(app, engine);

      const translated = await postJson(`${origin}/byo/translate`, translateBody(2));
      expect(translated.status).toBe(200);
      expect(calls[0].segments.map((segment) => segment.text)).toEqual(['segment 0', 'segment 1']);
      // A form body is parsed by the host too; the engine still refuses it as not JSON.
      const form = await fetch(`${origin}/byo/translate`, {
        method: 'POST',
        headers: { ...AUTH_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'sourceLanguage=en',
      });
      expect(form.status).toBe(415);
      // A body the parser leaves alone (text/plain) is still unread: the engine reads it and answers.
      const text = await fetch(`${origin}/byo/translate`, {
        method: 'POST',
        headers: { ...AUTH_HEADERS, 'content-type': 'text/plain' },
        body: 'hello',
      });
      expect(text.status).toBe(415);
      expect(await text.json()).toEqual({ error: 'Content-Type text/plain is not supported: send application/json' });
    });

    it('uses the parsed value when the parser kept no raw text', async () => {
      const { translate, calls } = recordingTranslator();
      const engine = testEngine({ translate });
      const app = new Koa();
      app.use(koaBodyParsers[parserName]());
      app.use(async (ctx, next) => {
        delete (ctx.request as { rawBody?: unknown }).rawBody;
        await next();
      });
      app.use(byoKoa(engine, { prefix: '/byo' }));
      const origin = await serve(app, engine);
      expect((await postJson(`${origin}/byo/translate`, translateBody(1))).status).toBe(200);
      expect(calls).toHaveLength(1);
    });
  });
});
