import { JobStoreUnavailableError, MemoryJobStore, type JobStore } from 'byo-engine';
import { describe, expect, it } from 'vitest';
import { expectErrorBody } from '../support/schema-check.js';
import { AUTH_HEADERS, testEngine, translateBody } from '../support/test-engine.js';

/** A store whose backend went away: every call throws what a store throws then. */
class UnreachableStore implements JobStore {
  create = () => this.unavailable();
  get = () => this.unavailable();
  complete = () => this.unavailable();
  fail = () => this.unavailable();
  private async unavailable(): Promise<never> {
    throw new JobStoreUnavailableError('Job storage is unavailable; retry shortly', {
      cause: new Error('ECONNREFUSED 10.0.0.9'),
      retryAfterSeconds: 7,
    });
  }
}

describe('a job store that is unavailable', () => {
  const warnings: Record<string, unknown>[] = [];
  const engine = testEngine({
    jobs: { store: new UnreachableStore() },
    logger: { info() {}, error() {}, warn: (details) => warnings.push(details) },
  });
  const call = (method: string, path: string, body?: unknown) =>
    engine.handle({
      method,
      path,
      headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
      body: body === undefined ? undefined : { kind: 'parsed', value: body },
    });

  it('makes job endpoints answer 503 with Retry-After and an error body, not 500', async () => {
    for (const response of [
      await call('POST', '/translateAsync', translateBody(1)),
      await call('GET', '/translateAsyncStatus/4b0c6f0e-5a43-4c1e-9a55-0f3c1d6b2a11'),
      await call('GET', '/translateAsyncResult/4b0c6f0e-5a43-4c1e-9a55-0f3c1d6b2a11'),
    ]) {
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('7');
      const body = JSON.parse(response.body);
      expectErrorBody(body);
      expect(body.error).toBe('Job storage is unavailable; retry shortly');
      expect(response.body).not.toContain('10.0.0.9');
    }
    expect(warnings.length).toBeGreaterThan(0);
    expect(engine.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('leaves synchronous translation working', async () => {
    expect((await call('POST', '/translate', translateBody(1))).status).toBe(200);
  });

  it('still answers 500 for other store errors', async () => {
    const broken = testEngine({
      jobs: { store: Object.assign(new MemoryJobStore(), { get: async () => Promise.reject(new Error('bug')) }) },
    });
    const response = await broken.handle({ method: 'GET', path: '/translateAsyncStatus/x', headers: AUTH_HEADERS });
    expect(response.status).toBe(500);
    await broken.close();
  });
});
