// The engine behind the translator answers with an HTTP error: on every adapter row, /translate maps it to
// the contract (429 with the backend's Retry-After, 503 with Retry-After for 5xx and timeouts, 500 naming the
// status for a refused request), and an async job whose backend was busy is tried again after the delay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByoEngine, TranslateFunction } from 'byo-engine';
import { EngineHttpError, withRetry } from 'byo-engine/translators';
import { deeplTranslator } from 'byo-engine/translators/deepl';
import { ApiClient } from '../behaviour/harness.js';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { testEngine, translateBody } from '../support/test-engine.js';
import { startFakeEngine, type FakeAnswer, type FakeEngine } from '../translators/fake-engine.js';

/** What the fake DeepL answers next; a 200 with one translation per text by default. */
let nextAnswers: FakeAnswer[] = [];
let deepl: FakeEngine<{ text: string[] }>;

beforeAll(async () => {
  deepl = await startFakeEngine<{ text: string[] }>(
    (call) => nextAnswers.shift() ?? { body: { translations: call.body.text.map((text) => ({ text: `de:${text}` })) } },
  );
});
afterAll(() => deepl.close());

/** The translator of these tests: DeepL's connector, or a thrown error chosen by the request's metadata. */
const THROWN: Record<string, () => unknown> = {
  'own error with a status': () => Object.assign(new Error('quota of the day used up'), { status: 429, retryAfterSeconds: 12 }),
  'fetch timeout': () => new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
  'withRetry gave up': () => new EngineHttpError(503, 'DeepL answered HTTP 503', { retryAfterSeconds: 2 }),
};
const translator = (): TranslateFunction => {
  const connector = deeplTranslator({ authKey: 'deepl-key-0123456789:fx', baseUrl: deepl.url });
  return async (request, context) => {
    const thrown = THROWN[String(request.metadata?.throw)];
    if (request.metadata?.throw === 'withRetry gave up') {
      return withRetry(() => Promise.reject(thrown()), { retries: 0 })(request, context);
    }
    if (thrown) throw thrown();
    return connector(request, context);
  };
};

for (const row of adapterRows) {
  describe(`backend errors ${row.name}`, () => {
    let engine: ByoEngine;
    let app: RunningApp;
    let api: ApiClient;

    beforeAll(async () => {
      engine = testEngine({ translate: translator(), jobs: { concurrency: 1 } });
      app = await row.start(engine, { prefix: '/byo', hostBodyParser: false });
      api = new ApiClient(engine, app.origin, '/byo');
    });
    afterAll(async () => {
      await engine.close({ graceMs: 0 });
      await app.close();
    });

    it('/translate: a backend 429 with Retry-After: 7 is a 429 with Retry-After: 7', async () => {
      nextAnswers = [{ status: 429, headers: { 'retry-after': '7' }, body: { message: 'Too many requests' } }];
      const answer = await api.error('translateTexts', 429, { json: translateBody(2) });
      expect(answer.headers.get('retry-after')).toBe('7');
      expect(answer.body.error).toBe(
        'the translation backend is rate limiting (HTTP 429): translator failed: DeepL is rate limiting requests (HTTP 429): Too many requests',
      );
    });

    it('/translate: a backend 5xx is a 503 with Retry-After (the backend one, else 5 s)', async () => {
      nextAnswers = [{ status: 503, body: { message: 'maintenance' } }];
      const unavailable = await api.error('translateTexts', 503, { json: translateBody(1) });
      expect(unavailable.headers.get('retry-after')).toBe('5');
      expect(unavailable.body.error).toContain('the translation backend is unavailable (HTTP 503)');
      nextAnswers = [{ status: 502, headers: { 'retry-after': '30' }, raw: 'bad gateway' }];
      expect((await api.error('translateTexts', 503, { json: translateBody(1) })).headers.get('retry-after')).toBe('30');
    });

    it('/translate: a translator timing out its own fetch is a 503 with Retry-After', async () => {
      const answer = await api.error('translateTexts', 503, { json: translateBody(1, { metadata: { throw: 'fetch timeout' } }) });
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.body.error).toContain('the translation backend timed out');
    });

    it('/translate: a backend 4xx on a valid request is a 500 naming the status, without Retry-After', async () => {
      nextAnswers = [{ status: 400, body: { message: "Value for 'target_lang' not supported" } }];
      const answer = await api.error('translateTexts', 500, { json: translateBody(1) });
      expect(answer.headers.get('retry-after')).toBeNull();
      expect(answer.body.error).toBe(
        "the translation backend refused the request (HTTP 400); sending it again will not help: translator failed: DeepL answered HTTP 400: Value for 'target_lang' not supported",
      );
    });

    it('/translate: an own error with status and retryAfterSeconds, and one wrapped by withRetry, use the same mapping', async () => {
      const own = await api.error('translateTexts', 429, { json: translateBody(1, { metadata: { throw: 'own error with a status' } }) });
      expect(own.headers.get('retry-after')).toBe('12');
      const wrapped = await api.error('translateTexts', 503, { json: translateBody(1, { metadata: { throw: 'withRetry gave up' } }) });
      expect(wrapped.headers.get('retry-after')).toBe('2');
      expect(wrapped.body.error).toContain('gave up after 1 attempt');
    });

    it('async: a backend 429 leaves the job running, and it is tried again after the Retry-After delay', async () => {
      nextAnswers = [{ status: 429, headers: { 'retry-after': '1' } }];
      const calls = deepl.calls.length;
      const id = await api.submit(translateBody(2));
      await until(() => deepl.calls.length === calls + 1);
      const failedAt = Date.now();
      expect(await api.jobStatus(id)).toEqual({ status: 'running' });
      await until(() => deepl.calls.length === calls + 2);
      // Timers never fire early by more than a millisecond: the second call waited out the second asked for.
      expect(Date.now() - failedAt).toBeGreaterThanOrEqual(990);
      expect(await api.waitForJob(id)).toEqual({ status: 'done' });
      expect((await api.jobResult(id)).segments.map((segment) => segment.translatedText)).toEqual(['de:segment 0', 'de:segment 1']);
    });

    it('async: a backend 4xx fails the job at once with the detail', async () => {
      nextAnswers = [{ status: 403, body: { message: 'quota' } }];
      const calls = deepl.calls.length;
      const id = await api.submit(translateBody(1));
      const job = await api.waitForJob(id);
      expect(job.status).toBe('failed');
      expect(job.detail).toMatch(
        /^the translation backend refused the request \(HTTP 403\); sending it again will not help: translator failed: DeepL /,
      );
      expect(deepl.calls.length).toBe(calls + 1);
    });
  });
}

/** Polls a condition the test cannot await directly (requests reaching the fake engine). */
async function until(condition: () => boolean): Promise<void> {
  for (let poll = 0; poll < 2_000 && !condition(); poll++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('async retries of a busy or unavailable backend (in-process job runner)', () => {
  const headers = { 'x-api-token': 'test-token-0123456789abcdef', 'content-type': 'application/json' };
  const submit = async (engine: ByoEngine) => {
    const answer = await engine.handle({
      method: 'POST',
      path: '/translateAsync',
      headers,
      body: { kind: 'bytes', bytes: JSON.stringify(translateBody(1)) },
    });
    return (JSON.parse(answer.body) as { id: string }).id;
  };
  const statusOf = async (engine: ByoEngine, id: string) =>
    JSON.parse((await engine.handle({ method: 'GET', path: `/translateAsyncStatus/${id}`, headers })).body) as {
      status: string;
      detail?: string;
    };
  const finished = async (engine: ByoEngine, id: string) => {
    let status = await statusOf(engine, id);
    for (let poll = 0; poll < 2_000 && status.status === 'running'; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = await statusOf(engine, id);
    }
    return status;
  };

  it('gives up after 3 further attempts, saying so, and frees every slot', async () => {
    let calls = 0;
    const engine = testEngine({
      translate: () => {
        calls++;
        throw new EngineHttpError(503, 'LibreTranslate answered HTTP 503', { retryAfterSeconds: 0.02 });
      },
    });
    const id = await submit(engine);
    expect(await finished(engine, id)).toEqual({
      status: 'failed',
      detail:
        'the translation backend is unavailable (HTTP 503): translator failed: LibreTranslate answered HTTP 503 (gave up after 4 attempts)',
    });
    expect(calls).toBe(4);
    expect(engine.stats()).toEqual({ running: 0, queued: 0, syncRunning: 0, syncQueued: 0 });
    await engine.close();
  });

  it('fails at once when the backend asks to wait longer than a job waits', async () => {
    let calls = 0;
    const engine = testEngine({
      translate: () => {
        calls++;
        throw new EngineHttpError(429, 'DeepL is rate limiting requests (HTTP 429)', { retryAfterSeconds: 3_600 });
      },
    });
    const id = await submit(engine);
    expect((await finished(engine, id)).detail).toBe(
      'the translation backend is rate limiting (HTTP 429): translator failed: DeepL is rate limiting requests (HTTP 429) (the backend asked to wait 3600 s, longer than the 60 s a job waits)',
    );
    expect(calls).toBe(1);
    await engine.close();
  });

  it('counts a job waiting to be tried again as queued, and fails it with the shutdown detail when the grace period ends', async () => {
    let failedOnce!: () => void;
    const failed = new Promise<void>((resolve) => (failedOnce = resolve));
    const engine = testEngine({
      translate: () => {
        failedOnce();
        throw new EngineHttpError(429, 'busy', { retryAfterSeconds: 50 });
      },
    });
    const id = await submit(engine);
    await failed;
    await until(() => engine.stats().queued === 1);
    expect(engine.stats()).toMatchObject({ running: 0, queued: 1 });
    await engine.close({ graceMs: 0 });
    expect(await statusOf(engine, id)).toEqual({
      status: 'failed',
      detail: 'the translation server shut down before the job finished; submit it again',
    });
  });
});
