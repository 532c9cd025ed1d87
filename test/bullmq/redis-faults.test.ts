// BullMQ jobs around the test's own redis-server: first requests of a fresh engine are served, Redis stopped
// means 503 with Retry-After and /status not_ok (no crash, no hang, no unhandled rejection), and once it is back
// service resumes and the jobs accepted before the outage finish. Also: attempts, and errors never retried.
import { createServer } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { ByoEngine, TranslateFunction } from 'byo-engine';
import { bullmqJobs } from 'byo-engine/bullmq';
import { byoExpress } from 'byo-engine/express';
import express from 'express';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { listen, type RunningApp } from '../support/adapter-rows.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis-server.js';
import { checkRedisServerBinary, describeWithServices, uniqueName } from '../support/services.js';
import { AUTH_HEADERS, testEngine, translateBody } from '../support/test-engine.js';

describeWithServices([checkRedisServerBinary()], 'BullMQ jobs: Redis faults, retries', () => {
  let redis: PrivateRedis;
  const cleanups: (() => Promise<unknown>)[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    redis = await startPrivateRedis();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await redis?.dispose();
    process.off('unhandledRejection', onUnhandled);
  });

  async function serve(engine: ByoEngine): Promise<RunningApp> {
    const host = express();
    host.use('/byo', byoExpress(engine));
    const app = await listen(createServer(host));
    cleanups.push(
      () => app.close(),
      () => engine.close({ graceMs: 0 }),
    );
    return app;
  }
  const call = (app: RunningApp, method: string, path: string, body?: unknown) =>
    fetch(`${app.origin}/byo${path}`, {
      method,
      headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const submit = async (app: RunningApp, text = 'x') => {
    const response = await call(app, 'POST', '/translateAsync', translateBody(1, { segments: [{ text }] }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  };
  const statusOf = async (app: RunningApp) => ((await (await call(app, 'POST', '/status', {})).json()) as { status: string }).status;
  async function waitFor(app: RunningApp, id: string, timeoutMs = 60_000): Promise<{ status: string; detail?: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await call(app, 'GET', `/translateAsyncStatus/${id}`);
      const body = (await response.json()) as { status: string; detail?: string };
      if (response.status === 200 && body.status !== 'running') return body;
      if (Date.now() > deadline) throw new Error(`job ${id}: ${response.status} ${JSON.stringify(body)} after ${timeoutMs} ms`);
      await delay(100);
    }
  }
  const backend = (options: Parameters<typeof bullmqJobs>[0] = {}) =>
    bullmqJobs({ url: redis.url, queue: uniqueName('byo-faults'), commandTimeoutMs: 1_000, backoffMs: 50, ...options });

  it('a fresh engine answers its first requests at once (it waits for the first connection)', async () => {
    const app = await serve(testEngine({ jobs: { backend: backend() } }));
    const answers = await Promise.all([0, 1, 2].map(() => call(app, 'POST', '/translateAsync', translateBody(1))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
  });

  it('Redis stopped: 503 with Retry-After and /status not_ok; back: ok, and jobs accepted before finish', async () => {
    const translate: TranslateFunction = async (request) => {
      await delay(1_500);
      return request.segments.map((segment) => `<de>${segment.text}`);
    };
    const engine = testEngine({ translate, jobs: { backend: backend({ lockMs: 5_000, stalledIntervalMs: 2_000 }) } });
    const app = await serve(engine);
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((text) => submit(app, text)));
    expect(await statusOf(app)).toBe('ok');
    await redis.stop();
    try {
      const startedAt = Date.now();
      const refused = await call(app, 'POST', '/translateAsync', translateBody(1));
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: string }).error).toMatch(/Job queue \(Redis\) is unavailable; retry shortly/);
      expect((await call(app, 'GET', `/translateAsyncStatus/${ids[0]}`)).status).toBe(503);
      expect(Date.now() - startedAt).toBeLessThan(10_000); // no hang
      expect(await statusOf(app)).toBe('not_ok');
      expect((await engine.health()).jobsReachable).toBe(false);
    } finally {
      await redis.start();
    }
    for (let poll = 0; (await statusOf(app)) !== 'ok'; poll++) {
      if (poll > 150) throw new Error('/status did not come back to ok');
      await delay(100);
    }
    for (const id of ids) expect(await waitFor(app, id)).toEqual({ status: 'done' });
    expect(await waitFor(app, await submit(app))).toEqual({ status: 'done' });
    expect(unhandled).toEqual([]);
  });

  it('retries a failing translator up to `attempts`, but never a 4xx or a wrong segment count', async () => {
    const calls = new Map<string, number>();
    const translate: TranslateFunction = (request) => {
      const text = request.segments[0].text;
      calls.set(text, (calls.get(text) ?? 0) + 1);
      if (text === 'flaky' && calls.get(text)! < 3) throw new Error('engine overloaded');
      if (text === 'broken') throw new Error('engine down');
      if (text === 'rejected') throw Object.assign(new Error('engine said 400: bad language'), { status: 400 });
      if (text === 'short') return [];
      return request.segments.map((segment) => `<de>${segment.text}`);
    };
    const app = await serve(testEngine({ translate, jobs: { backend: backend({ attempts: 3 }) } }));
    const [flaky, broken, rejected, short] = await Promise.all(['flaky', 'broken', 'rejected', 'short'].map((text) => submit(app, text)));
    expect(await waitFor(app, flaky)).toEqual({ status: 'done' });
    expect(await waitFor(app, broken)).toEqual({ status: 'failed', detail: 'translator failed: engine down' });
    expect(await waitFor(app, rejected)).toEqual({
      status: 'failed',
      detail:
        'the translation backend refused the request (HTTP 400); sending it again will not help: translator failed: engine said 400: bad language',
    });
    expect(await waitFor(app, short)).toEqual({ status: 'failed', detail: 'translator returned 0 items for 1 segments' });
    expect(Object.fromEntries(calls)).toEqual({ flaky: 3, broken: 3, rejected: 1, short: 1 });
  });

  it('answers 429 with Retry-After once the shared waiting count reaches jobs.maxQueued', async () => {
    const app = await serve(testEngine({ jobs: { maxQueued: 3, backend: backend({ worker: false }) } }));
    for (let job = 0; job < 3; job++) await submit(app);
    const refused = await call(app, 'POST', '/translateAsync', translateBody(1));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(/queue is full \(3 jobs waiting\)/);
  });
});
