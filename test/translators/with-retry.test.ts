import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type TranslateFunction } from 'byo-engine';
import { EngineHttpError, EngineNetworkError, isTransientEngineError, parseRetryAfter, withRetry } from 'byo-engine/translators';
import { recordingSleep, requestOf, testContext } from './fake-engine.js';

/** Fails with the given errors in turn, then translates; counts calls. */
function flakyTranslator(failures: unknown[]): { translate: TranslateFunction; calls: () => number } {
  let calls = 0;
  const translate: TranslateFunction = (request) => {
    const failure = failures[calls++];
    if (failure !== undefined) throw failure;
    return request.segments.map((segment) => `ok ${segment.text}`);
  };
  return { translate, calls: () => calls };
}

describe('withRetry', () => {
  it('retries 5xx and 429 with the backoff, then answers', async () => {
    const engine = flakyTranslator([
      new EngineHttpError(503, 'busy'),
      new EngineHttpError(429, 'slow down'),
      new EngineHttpError(500, 'oops'),
    ]);
    const { sleep, delays } = recordingSleep();
    const translate = withRetry(engine.translate, { retries: 3, backoff: (retry) => retry * 10, sleep });
    expect(await translate(requestOf(['a']), testContext())).toEqual(['ok a']);
    expect(engine.calls()).toBe(4);
    expect(delays).toEqual([10, 20, 30]);
  });

  it('waits as long as Retry-After says instead of the backoff', async () => {
    const engine = flakyTranslator([new EngineHttpError(429, 'rate limited', { retryAfterSeconds: 7 })]);
    const { sleep, delays } = recordingSleep();
    const translate = withRetry(engine.translate, { backoff: () => 1, sleep });
    await translate(requestOf(['a']), testContext());
    expect(delays).toEqual([7000]);
  });

  it('fails at once when Retry-After is longer than allowed', async () => {
    const engine = flakyTranslator([new EngineHttpError(429, 'come back tomorrow', { retryAfterSeconds: 86_400 })]);
    const { sleep, delays } = recordingSleep();
    const translate = withRetry(engine.translate, { sleep, maxRetryAfterSeconds: 60 });
    await expect(translate(requestOf(['a']), testContext())).rejects.toThrow(
      'come back tomorrow (gave up after 1 attempt: the engine asked to wait 86400 s, more than the 60 s allowed)',
    );
    expect(engine.calls()).toBe(1);
    expect(delays).toEqual([]);
  });

  it('never retries a request the engine rejected (4xx other than 429), nor plain errors', async () => {
    for (const status of [400, 401, 403, 404, 413, 456]) {
      const rejected = new EngineHttpError(status, `rejected ${status}`);
      const engine = flakyTranslator([rejected]);
      const translate = withRetry(engine.translate, { sleep: recordingSleep().sleep });
      await expect(translate(requestOf(['a']), testContext())).rejects.toBe(rejected);
      expect(engine.calls()).toBe(1);
    }
    const engine = flakyTranslator([new Error('bad answer')]);
    await expect(withRetry(engine.translate)(requestOf(['a']), testContext())).rejects.toThrow('bad answer');
    expect(engine.calls()).toBe(1);
  });

  it('says how many attempts were made when it gives up, keeping the last error as cause', async () => {
    const last = new EngineHttpError(502, 'bad gateway 3');
    const engine = flakyTranslator([new EngineHttpError(502, 'bad gateway 1'), new EngineHttpError(502, 'bad gateway 2'), last]);
    const translate = withRetry(engine.translate, { retries: 2, backoff: () => 0, sleep: recordingSleep().sleep });
    const error = await Promise.resolve(translate(requestOf(['a']), testContext())).catch((failure: Error) => failure);
    expect((error as Error).message).toBe('bad gateway 3 (gave up after 3 attempts: no retries left)');
    expect((error as Error).cause).toBe(last);
    expect(engine.calls()).toBe(3);
  });

  it('retries a real network failure of fetch', async () => {
    // A port that was just free: connecting to it is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    let calls = 0;
    const translate = withRetry(
      async (request, { signal }) => {
        calls++;
        if (calls === 1) await fetch(`http://127.0.0.1:${port}/`, { signal });
        return request.segments.map(() => 'reached');
      },
      { backoff: () => 0, sleep: recordingSleep().sleep },
    );
    expect(await translate(requestOf(['a']), testContext())).toEqual(['reached']);
    expect(calls).toBe(2);
  });

  it('stops waiting and does not call again when the request is aborted', async () => {
    const controller = new AbortController();
    const engine = flakyTranslator([new EngineHttpError(503, 'busy'), new EngineHttpError(503, 'busy')]);
    const translate = withRetry(engine.translate, {
      backoff: () => 600_000, // the real sleep: only the abort can end it
      onRetry: () => controller.abort(new Error('caller went away')),
    });
    await expect(translate(requestOf(['a']), testContext(controller.signal))).rejects.toThrow(
      'busy (gave up after 1 attempt: the request was cancelled while waiting to retry)',
    );
    expect(engine.calls()).toBe(1);
  });

  it('refuses a negative retry count at start-up', () => {
    expect(() => withRetry(flakyTranslator([]).translate, { retries: -1 })).toThrow('retries must be a whole number');
  });
});

describe('transient errors and Retry-After', () => {
  it('classifies errors', () => {
    expect(isTransientEngineError(new EngineHttpError(429, ''))).toBe(true);
    expect(isTransientEngineError(new EngineHttpError(503, ''))).toBe(true);
    expect(isTransientEngineError(new EngineHttpError(408, ''))).toBe(true);
    expect(isTransientEngineError(new EngineHttpError(501, ''))).toBe(false);
    expect(isTransientEngineError(new EngineHttpError(400, ''))).toBe(false);
    expect(isTransientEngineError(new EngineNetworkError('refused'))).toBe(true);
    expect(isTransientEngineError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientEngineError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isTransientEngineError('a string')).toBe(false);
  });

  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
