// Every error row of issue 2: JSON `{ "error" }` with the right status and a message a person can act on.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { MemoryJobStore, type JobStore, type TranslateFunction } from 'byo-engine';
import { expectErrorBody } from '../support/schema-check.js';
import { OTHER_TOKEN, recordingTranslator, translateBody } from '../support/test-engine.js';
import { describeEachHost, heldTranslator, recordingLogger } from './harness.js';

describeEachHost('errors', (host) => {
  it('400 names the field and the rule of a bad body', async () => {
    const api = await host.start();
    const body = translateBody(5) as unknown as { segments: { text: unknown }[] };
    body.segments[3].text = 42;
    const answer = await api.error('translateTexts', 400, { json: body });
    expect(answer.body.error).toBe('segments/3/text must be string');

    const cases: [unknown, string][] = [
      [{ targetLanguage: 'de', segments: [{ text: 'x' }] }, "body must have required property 'sourceLanguage'"],
      [[translateBody(1)], 'body must be object'],
      [{ ...translateBody(1), glossary: [{ term: 'a' }] }, "glossary/0 must have required property 'translation'"],
      [{ ...translateBody(1), metadata: 'not an object' }, 'metadata must be object'],
      [{ ...translateBody(1), segments: [{ idx: 7, text: 'x' }] }, 'segments/0/idx must be string'],
    ];
    for (const [json, message] of cases) {
      expect((await api.error('translateAsync', 400, { json })).body.error).toBe(message);
    }
    expect((await api.error('getStatus', 400, { json: { metadata: [1] } })).body.error).toBe('metadata must be object');
  });

  it('400 for no segments and for 501 segments (the spec allows 1 to 500)', async () => {
    const recorder = recordingTranslator();
    const api = await host.start({ translate: recorder.translate });
    for (const operationId of ['translateTexts', 'translateAsync'] as const) {
      const none = await api.error(operationId, 400, { json: translateBody(0) });
      expect(none.body.error).toBe('segments must NOT have fewer than 1 items');
      const tooMany = await api.error(operationId, 400, { json: translateBody(501) });
      expect(tooMany.body.error).toBe('segments must NOT have more than 500 items');
    }
    expect(recorder.calls).toHaveLength(0);
  });

  it('400 when /translate gets no body at all', async () => {
    const api = await host.start();
    const answer = await api.error('translateTexts', 400);
    expect(answer.body.error).toMatch(/body/i);
  });

  it('401 without a token and with a wrong one, before anything else is looked at', async () => {
    const recorder = recordingTranslator();
    const api = await host.start({ translate: recorder.translate });
    const missing = await api.error('translateTexts', 401, { json: translateBody(1), token: null });
    expect(missing.body.error).toBe('Unauthorized: send an X-Api-Token header');
    const wrong = await api.error('translateTexts', 401, { json: translateBody(1), token: 'wrong-token-0123456789abcdef' });
    expect(wrong.body.error).toBe('Unauthorized: Invalid API token');
    await api.error('getLanguages', 401, { token: null });
    await api.error('getStatus', 401, { token: '' });
    await api.error('translateAsync', 401, { json: translateBody(0), token: null });
    await api.error('translateAsyncStatus', 401, { id: randomUUID(), token: 'x' });
    await api.error('translateAsyncResult', 401, { id: randomUUID(), token: null });
    expect(recorder.calls).toHaveLength(0);
  });

  it('404 for an unknown route under the prefix', async () => {
    const api = await host.start();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/translate/extra'],
      ['GET', '/translateAsyncStatus/'],
      ['POST', '/'],
    ]) {
      const answer = await api.request(method, path, { token: null });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expectErrorBody(answer.body);
      expect(answer.body.error).toBe(`No such endpoint: ${method} ${path}`);
    }
  });

  it('404 for an unknown job and for a job of another caller (same answer: ids give nothing away)', async () => {
    const api = await host.start();
    const unknown = randomUUID();
    for (const operationId of ['translateAsyncStatus', 'translateAsyncResult'] as const) {
      const answer = await api.error(operationId, 404, { id: unknown });
      expect(answer.body.error).toBe(`Job ${unknown} was not found (unknown, expired, or submitted by another caller)`);
    }
    const id = await api.submit(translateBody(1));
    await api.waitForJob(id);
    await api.error('translateAsyncStatus', 404, { id, token: OTHER_TOKEN });
    await api.error('translateAsyncResult', 404, { id, token: OTHER_TOKEN });
    await api.error('translateAsyncStatus', 404, { id: 'x'.repeat(300) });
  });

  it('405 with Allow for a wrong method on a known path', async () => {
    const api = await host.start();
    for (const [method, path, allow] of [
      ['GET', '/translate', 'POST'],
      ['PUT', '/languages', 'POST'],
      ['DELETE', `/translateAsyncStatus/${randomUUID()}`, 'GET'],
      ['POST', `/translateAsyncResult/${randomUUID()}`, 'GET'],
    ]) {
      const answer = await api.request(method, path);
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get('allow')).toBe(allow);
      expectErrorBody(answer.body);
      expect(answer.body.error).toBe(`Method ${method} is not allowed here; use ${allow}`);
    }
  });

  it('409 for the result of a running job, saying it is running', async () => {
    const held = heldTranslator();
    host.onStop(held.release);
    const api = await host.start({ translate: held.translate });
    const id = await api.submit(translateBody(1));
    await held.entered.reached(1);
    expect(await api.jobStatus(id)).toStrictEqual({ status: 'running' });
    const answer = await api.error('translateAsyncResult', 409, { id });
    expect(answer.body.error).toBe(`Job ${id} is still running; poll its status until it is done`);
    held.release();
    expect(await api.waitForJob(id)).toEqual({ status: 'done' });
  });

  it('409 for the result of a failed job, saying it failed and why', async () => {
    const translate: TranslateFunction = () => {
      throw new Error('backend rejected the glossary');
    };
    const api = await host.start({ translate });
    const id = await api.submit(translateBody(1));
    expect(await api.waitForJob(id)).toStrictEqual({ status: 'failed', detail: 'translator failed: backend rejected the glossary' });
    const answer = await api.error('translateAsyncResult', 409, { id });
    expect(answer.body.error).toBe(`Job ${id} failed and has no result: translator failed: backend rejected the glossary`);
  });

  it('413 for a body over limits.maxBodyBytes', async () => {
    const recorder = recordingTranslator();
    const api = await host.start({ translate: recorder.translate, limits: { maxBodyBytes: 1024 } });
    const big = translateBody(1, { segments: [{ idx: '1', text: 'x'.repeat(2000) }] });
    for (const operationId of ['translateTexts', 'translateAsync'] as const) {
      const answer = await api.error(operationId, 413, { json: big });
      expect(answer.body.error).toBe('Request body is larger than the limit of 1024 bytes');
    }
    await api.translate(translateBody(1));
    expect(recorder.calls).toHaveLength(1);
  });

  it('415 for a body that is not JSON, or has no content type', async () => {
    const api = await host.start();
    const text = await api.error('translateTexts', 415, { raw: 'hello', contentType: 'text/plain' });
    expect(text.body.error).toBe('Content-Type text/plain is not supported: send application/json');
    const form = await api.error('translateAsync', 415, { raw: 'a=b', contentType: 'application/x-www-form-urlencoded' });
    expect(form.body.error).toBe('Content-Type application/x-www-form-urlencoded is not supported: send application/json');
    const untyped = await api.error('getStatus', 415, { raw: new TextEncoder().encode(JSON.stringify({})) });
    expect(untyped.body.error).toBe('Content-Type is missing: send the body as application/json');
  });

  it('429 with an integer Retry-After when jobs.maxQueued jobs are waiting', async () => {
    const held = heldTranslator();
    host.onStop(held.release);
    const api = await host.start({ translate: held.translate, jobs: { concurrency: 1, maxQueued: 2 } });
    const running = await api.submit(translateBody(1));
    await held.entered.reached(1);
    const waiting = [await api.submit(translateBody(1)), await api.submit(translateBody(1))];
    const answer = await api.error('translateAsync', 429, { json: translateBody(1) });
    expect(answer.body.error).toBe('The translation queue is full (2 jobs waiting); retry later');
    const retryAfter = answer.headers.get('retry-after');
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
    held.release();
    for (const id of [running, ...waiting]) expect(await api.waitForJob(id)).toEqual({ status: 'done' });
    await api.submit(translateBody(1));
  });

  it('429 keeps its bound under concurrent submissions: exactly jobs.maxQueued wait', async () => {
    const held = heldTranslator();
    host.onStop(held.release);
    // A store with network latency, like Redis: other submissions arrive while a create is under way.
    const memory = new MemoryJobStore();
    host.onStop(() => void memory.close());
    const store: JobStore = {
      create: (job) => new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => memory.create(job)),
      get: (id, owner) => memory.get(id, owner),
      complete: (id, result) => memory.complete(id, result),
      fail: (id, detail) => memory.fail(id, detail),
    };
    const api = await host.start({ translate: held.translate, jobs: { concurrency: 1, maxQueued: 2, store } });
    await api.submit(translateBody(1));
    await held.entered.reached(1);
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.call('translateAsync', { json: translateBody(1) })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, ...Array<number>(8).fill(429)]);
    expect(api.engine.stats()).toMatchObject({ running: 1, queued: 2 });
  });

  it('500 when the translator returns the wrong number of items, saying so', async () => {
    const translate: TranslateFunction = (request) => request.segments.slice(1).map((segment) => segment.text);
    const api = await host.start({ translate });
    const answer = await api.error('translateTexts', 500, { json: translateBody(3) });
    expect(answer.body.error).toBe('translator returned 2 items for 3 segments');
    const id = await api.submit(translateBody(3));
    expect(await api.waitForJob(id)).toStrictEqual({ status: 'failed', detail: 'translator returned 2 items for 3 segments' });
  });

  it('500 when the translator returns something that is not a translation, saying what and where', async () => {
    const outputs: [unknown, string][] = [
      ['done', 'translator returned string, expected an array of 2 translations'],
      [['ok', null], 'translator returned null at index 1, expected a string or { translatedText: string }'],
      [['ok', { text: 'x' }], 'translator returned object at index 1, expected a string or { translatedText: string }'],
      [['ok', { translatedText: 'x', metadata: 'score=1' }], 'translator returned metadata that is not an object at index 1'],
      [[{ translatedText: 'x', metadata: [1] }, 'ok'], 'translator returned metadata that is not an object at index 0'],
    ];
    for (const [output, message] of outputs) {
      const api = await host.start({ translate: (() => output) as unknown as TranslateFunction });
      const answer = await api.error('translateTexts', 500, { json: translateBody(2) });
      expect(answer.body.error).toBe(message);
      const id = await api.submit(translateBody(2));
      expect(await api.waitForJob(id)).toStrictEqual({ status: 'failed', detail: message });
    }
  });

  it('500 for an unexpected error: no stack and no secret in the body, the full error in the log', async () => {
    const { logger, lines } = recordingLogger();
    const languages = () => {
      throw new Error('connection to postgres://admin:s3cret@db failed');
    };
    const api = await host.start({ languages, logger });
    const answer = await api.error('translateTexts', 500, { json: translateBody(1) });
    expect(answer.body.error).toBe('Internal error; the server log has the details');
    expect(JSON.stringify(answer.body)).not.toMatch(/s3cret|postgres|at .*\.ts|Error:/);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        details: {
          err: expect.objectContaining({ message: 'connection to postgres://admin:s3cret@db failed', stack: expect.any(String) }),
        },
      }),
    );
  });

  // Closing refuses new translations only: Phrase can still poll and collect jobs that finish within the grace period.
  it('503 with Retry-After for new translations while the engine is closing; status says not_ok, reads keep answering', async () => {
    const held = heldTranslator();
    host.onStop(held.release);
    const api = await host.start({ translate: held.translate });
    const id = await api.submit(translateBody(1));
    await held.entered.reached(1);
    const closed = api.engine.close({ graceMs: 60_000 });
    for (const operationId of ['translateTexts', 'translateAsync'] as const) {
      const answer = await api.error(operationId, 503, { json: translateBody(1) });
      expect(answer.body.error).toBe('The translation server is shutting down; retry shortly');
      expect(answer.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    }
    expect((await api.call('getStatus')).body).toEqual({ status: 'not_ok' });
    expect(await api.jobStatus(id)).toEqual({ status: 'running' });
    held.release();
    await closed;
    expect(await api.jobStatus(id)).toEqual({ status: 'done' });
    expect((await api.jobResult(id)).segments).toHaveLength(1);
    expect((await api.call('getLanguages')).status).toBe(200);
  });
});
