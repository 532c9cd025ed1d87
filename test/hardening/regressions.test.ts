// Inputs the fuzzer (test/hardening/fuzz.test.ts) found to break the engine, kept as fixed tests on every
// adapter row. Each case says what used to happen.
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByoEngine } from 'byo-engine';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { expectErrorBody } from '../support/schema-check.js';
import { API_TOKEN, testEngine } from '../support/test-engine.js';
import { sendRaw, type RawRequest } from './support/raw-http.js';

const PREFIX = '/byo';
const LIMIT = 64 * 1024;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const withMetadata = (metadataJson: string) =>
  Buffer.from(`{"sourceLanguage":"en","targetLanguage":"de","segments":[{"text":"a"}],"metadata":{"value":${metadataJson}}}`);
const headers = { 'x-api-token': API_TOKEN, 'content-type': 'application/json' };
const validTranslate: RawRequest = {
  method: 'POST',
  path: `${PREFIX}/translate`,
  headers,
  body: json({ sourceLanguage: 'en', targetLanguage: 'de', segments: [{ text: 'next' }] }),
};

for (const row of adapterRows) {
  describe(`fuzz regressions ${row.name}`, () => {
    let engine: ByoEngine;
    let app: RunningApp;
    // One socket: the request after a refused one travels on the same keep-alive connection.
    let agent: Agent;
    const send = (request: RawRequest) => sendRaw(app.origin, request, { timeoutMs: 5_000, agent });

    beforeAll(async () => {
      engine = testEngine({ limits: { maxBodyBytes: LIMIT } });
      app = await row.start(engine, { prefix: PREFIX, hostBodyParser: false });
    });
    afterAll(async () => {
      await engine.close({ graceMs: 0 });
      await app.close();
    });

    // Was: 500 "translator failed: Maximum call stack size exceeded" (echoing metadata overflowed JSON.stringify).
    it('answers 400 naming the field for metadata nested 30,000 levels deep, on /translate and /translateAsync', async () => {
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (const operation of ['translate', 'translateAsync']) {
        const answer = await send({ method: 'POST', path: `${PREFIX}/${operation}`, headers, body: withMetadata(nested(30_000)) });
        expect(answer.status, answer.text).toBe(400);
        const body: unknown = JSON.parse(answer.text);
        expectErrorBody(body);
        expect(body.error).toBe('metadata is nested too deeply: at most 64 levels of objects and arrays are accepted');
      }
      // Up to the limit, deep metadata is echoed back as sent (the body and metadata are 2 levels, 62 arrays make 64).
      const deepest = await send({ method: 'POST', path: `${PREFIX}/translate`, headers, body: withMetadata(nested(62)) });
      expect(deepest.status, deepest.text).toBe(200);
      expect(JSON.stringify(JSON.parse(deepest.text).metadata.value)).toBe(nested(62));
      agent.destroy();
    });

    // Was (hono-fetch): the next request on the keep-alive connection was reset after a 413.
    it('serves the next request on the same connection after a 413, fixed-length and chunked', async () => {
      for (const chunked of [false, true]) {
        agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const tooLarge = await send({ ...validTranslate, body: withMetadata(JSON.stringify('x'.repeat(LIMIT))), chunked });
        expect(tooLarge.status, tooLarge.text).toBe(413);
        const next = await send(validTranslate);
        expect(next.status, next.text).toBe(200);
        agent.destroy();
      }
    });

    // Was (hono-fetch): a body the engine did not need (404, 405, 401) left the connection to be reset.
    it('serves the next request on the same connection after answering without reading the body', async () => {
      const body = withMetadata(JSON.stringify('x'.repeat(LIMIT / 2)));
      const unread: [RawRequest, number][] = [
        [{ method: 'OPTIONS', path: `${PREFIX}/status`, headers, body }, 405],
        [{ method: 'POST', path: `${PREFIX}/nowhere`, headers, body }, 404],
        [{ method: 'POST', path: `${PREFIX}/translate`, headers: { 'content-type': 'application/json' }, body }, 401],
        [{ method: 'POST', path: `${PREFIX}/translateAsyncStatus/some-id`, headers, body, chunked: true }, 405],
      ];
      for (const [request, status] of unread) {
        agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const answer = await send(request);
        expect(answer.status, answer.text).toBe(status);
        expectErrorBody(JSON.parse(answer.text));
        const next = await send(validTranslate);
        expect(next.status, `after ${request.method} ${request.path}: ${next.text}`).toBe(200);
        agent.destroy();
      }
    });
  });
}
