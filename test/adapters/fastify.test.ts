// Fastify-specific behaviour: encapsulation (the host keeps its parsers, error handler and hooks), a host
// that already has a JSON parser, and the engine's body limit rather than Fastify's.
import { afterEach, describe, expect, it } from 'vitest';
import fastify5, { type FastifyInstance } from 'fastify';
import fastify4 from 'fastify4';
import type { ByoEngine } from 'byo-engine';
import { byoFastify } from 'byo-engine/fastify';
import { AUTH_HEADERS, testEngine, translateBody } from '../support/test-engine.js';

const started: { app: FastifyInstance; engine: ByoEngine }[] = [];
afterEach(async () => {
  for (const { app, engine } of started.splice(0)) {
    await engine.close({ graceMs: 0 });
    await app.close();
  }
});

async function serve(app: FastifyInstance, engine: ByoEngine): Promise<string> {
  started.push({ app, engine });
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const post = (url: string, body: string, contentType: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { ...AUTH_HEADERS, 'content-type': contentType, ...headers }, body });

describe.each([
  { major: 'fastify5', fastify: fastify5 },
  { major: 'fastify4', fastify: fastify4 },
])('$major', ({ fastify }) => {
  it('registers in a host that already has its own JSON and catch-all parsers (no FST_ERR_CTP_ALREADY_PRESENT)', async () => {
    const engine = testEngine();
    const app = fastify({ forceCloseConnections: true });
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => done(null, { host: text }));
    app.addContentTypeParser('*', (_request, _payload, done) => done(null, 'host catch-all'));
    await app.register(byoFastify, { engine, prefix: '/byo' });
    const origin = await serve(app, engine);

    const translated = await post(`${origin}/byo/translate`, JSON.stringify(translateBody(1)), 'application/json');
    expect(translated.status).toBe(200);
    expect((await translated.json()).segments[0].translatedText).toBe('<de>segment 0');
  });

  it("leaves the host's parsers, error handler and hooks as they were on the host's own routes", async () => {
    const engine = testEngine();
    const app = fastify({ forceCloseConnections: true });
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => done(null, { parsedByHost: text }));
    app.setErrorHandler((error: Error, _request, reply) => {
      void reply.code(418).send({ hostError: error.message });
    });
    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-host-hook', 'ran');
      if (request.headers['x-host-deny']) throw new Error('denied by the host');
    });
    app.post('/host/echo', async (request) => ({ body: request.body }));
    app.get('/host/fail', async () => {
      throw new Error('host route failed');
    });
    await app.register(byoFastify, { engine, prefix: '/byo' });
    const origin = await serve(app, engine);

    const echoed = await post(`${origin}/host/echo`, '{"a":1}', 'application/json');
    expect(await echoed.json()).toEqual({ body: { parsedByHost: '{"a":1}' } });
    expect(echoed.headers.get('x-host-hook')).toBe('ran');
    // Fastify's own text/plain parser is still there for the host, and no catch-all leaked into it.
    expect(await (await post(`${origin}/host/echo`, 'plain', 'text/plain')).json()).toEqual({ body: 'plain' });
    const unknownType = await post(`${origin}/host/echo`, 'x', 'application/x-unknown');
    expect(unknownType.status).toBe(418);
    expect(await unknownType.json()).toEqual({ hostError: expect.stringMatching(/Unsupported Media Type/i) });
    const failed = await fetch(`${origin}/host/fail`);
    expect(failed.status).toBe(418);
    expect(await failed.json()).toEqual({ hostError: 'host route failed' });

    // The host's hooks run on the engine's routes too (Fastify's encapsulation: parents' hooks apply to
    // children), and a host hook's rejection is still answered by the host's error handler.
    const engineAnswer = await post(`${origin}/byo/translate`, JSON.stringify(translateBody(1)), 'application/json');
    expect(engineAnswer.status).toBe(200);
    expect(engineAnswer.headers.get('x-host-hook')).toBe('ran');
    const denied = await post(`${origin}/byo/translate`, JSON.stringify(translateBody(1)), 'application/json', { 'x-host-deny': '1' });
    expect(denied.status).toBe(418);
    expect(await denied.json()).toEqual({ hostError: 'denied by the host' });
    // The host's 404 handler still answers outside the prefix.
    const outside = await fetch(`${origin}/byox/translate`);
    expect(outside.status).toBe(404);
    expect((await outside.json()).message).toMatch(/Route GET:\/byox\/translate not found/);
  });

  it("applies the engine's body limit, not Fastify's (smaller or larger)", async () => {
    const engine = testEngine({ limits: { maxBodyBytes: 64 * 1024 } });
    const app = fastify({ forceCloseConnections: true, bodyLimit: 1024 });
    await app.register(byoFastify, { engine, prefix: '/byo' });
    const origin = await serve(app, engine);

    const large = translateBody(1, { segments: [{ idx: '0', text: 'x'.repeat(4000) }] });
    expect((await post(`${origin}/byo/translate`, JSON.stringify(large), 'application/json')).status).toBe(200);
    const tooLarge = translateBody(1, { segments: [{ idx: '0', text: 'x'.repeat(70_000) }] });
    const refused = await post(`${origin}/byo/translate`, JSON.stringify(tooLarge), 'application/json');
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({ error: 'Request body is larger than the limit of 65536 bytes' });
  });

  it('serves under nested register prefixes, with the path below the full prefix', async () => {
    const engine = testEngine();
    const app = fastify({ forceCloseConnections: true });
    await app.register(
      async (api) => {
        await api.register(byoFastify, { engine, prefix: '/byo' });
      },
      { prefix: '/api/v1' },
    );
    const origin = await serve(app, engine);
    const unknown = await fetch(`${origin}/api/v1/byo/translateAsyncStatus/a%2Fb?x=1`, { headers: AUTH_HEADERS });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toContain('Job a/b was not found');
    expect(await (await fetch(`${origin}/api/v1/byo`)).json()).toEqual({ error: 'No such endpoint: GET /' });
  });
});
