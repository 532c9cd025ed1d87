// A custom store that is full throws the exported JobStoreFullError: the engine answers 429 with Retry-After.
import { describe, expect, it } from 'vitest';
import { createByoEngine, JobStoreFullError, MemoryJobStore, type JobStore } from 'byo-engine';

describe('JobStoreFullError from a custom store', () => {
  it('answers /translateAsync with 429, its message and Retry-After', async () => {
    const inner = new MemoryJobStore();
    const full: JobStore = {
      create: () => Promise.reject(new JobStoreFullError('The job table is full; retry later', { retryAfterSeconds: 7 })),
      get: (id, owner) => inner.get(id, owner),
      complete: (id, result) => inner.complete(id, result),
      fail: (id, detail) => inner.fail(id, detail),
    };
    const engine = createByoEngine({
      translate: (request) => request.segments.map((segment) => segment.text),
      languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
      auth: false,
      jobs: { store: full },
      logger: { info() {}, warn() {}, error() {} },
    });
    const answer = await engine.handle({
      method: 'POST',
      path: '/translateAsync',
      headers: { 'content-type': 'application/json' },
      body: { kind: 'parsed', value: { sourceLanguage: 'en', targetLanguage: 'de', segments: [{ text: 'Hi' }] } },
    });
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('7');
    expect(JSON.parse(answer.body)).toEqual({ error: 'The job table is full; retry later' });
    await engine.close();
    await inner.close();
  });
});
