// Redis goes away while the engine serves: requests answer 503 with Retry-After, nothing crashes or hangs,
// and service resumes (with the jobs stored before) when Redis is back, without restarting the app.
import { createServer } from 'node:http';
import type { ByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { RedisJobStore } from 'byo-engine/redis';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listen, type RunningApp } from '../support/adapter-rows.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis-server.js';
import { expectErrorBody } from '../support/schema-check.js';
import { checkRedisServerBinary, describeWithServices, uniqueName } from '../support/services.js';
import { AUTH_HEADERS, testEngine, translateBody } from '../support/test-engine.js';

describeWithServices([checkRedisServerBinary()], 'Redis faults while serving', () => {
  let redis: PrivateRedis;
  let store: RedisJobStore;
  let engine: ByoEngine;
  let app: RunningApp;
  const logs: { level: string; message: string }[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.origin}/byo${path}`, {
      method,
      headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  async function submit(): Promise<string> {
    const response = await call('POST', '/translateAsync', translateBody(3));
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }
  /** Polls the status (bounded) until `accept` says yes; returns the last response and its body. */
  async function pollStatus(id: string, accept: (status: number, body: { status?: string }) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await call('GET', `/translateAsyncStatus/${id}`);
      const body = (await response.json()) as { status?: string };
      if (accept(response.status, body)) return { response, body };
      if (Date.now() > deadline) throw new Error(`status of ${id}: still ${response.status} ${JSON.stringify(body)} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  async function expectUnavailable(response: Response) {
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = await response.json();
    expectErrorBody(body);
    expect(body.error).toMatch(/unavailable; retry shortly/);
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    redis = await startPrivateRedis();
    const logger = {
      info: (_: unknown, message: string) => logs.push({ level: 'info', message }),
      warn: (_: unknown, message: string) => logs.push({ level: 'warn', message }),
      error: (_: unknown, message: string) => logs.push({ level: 'error', message }),
    };
    store = await RedisJobStore.connect({ url: redis.url, prefix: `${uniqueName('byo-faults')}:`, commandTimeoutMs: 3_000, logger });
    engine = testEngine({ jobs: { store }, logger });
    const host = express();
    host.use('/byo', byoExpress(engine));
    app = await listen(createServer(host));
  });
  afterAll(async () => {
    await app?.close();
    await engine?.close({ graceMs: 1_000 });
    await store?.close();
    await redis?.dispose();
    process.off('unhandledRejection', onUnhandled);
  });

  it('answers 503 while Redis is stopped, and serves the old jobs again once it is back', async () => {
    const id = await submit();
    await pollStatus(id, (status, body) => status === 200 && body.status === 'done');
    const before = await (await call('GET', `/translateAsyncResult/${id}`)).json();

    await redis.stop();
    await expectUnavailable(await call('GET', `/translateAsyncStatus/${id}`));
    await expectUnavailable(await call('GET', `/translateAsyncResult/${id}`));
    await expectUnavailable(await call('POST', '/translateAsync', translateBody(1)));
    expect((await call('POST', '/translate', translateBody(1))).status).toBe(200); // needs no store
    expect(engine.stats()).toMatchObject({ running: 0, queued: 0 });

    await redis.start();
    await pollStatus(id, (status) => status !== 503);
    const after = await call('GET', `/translateAsyncResult/${id}`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(before);
    const next = await submit();
    const { body } = await pollStatus(next, (status, answer) => status === 200 && answer.status !== 'running');
    expect(body.status).toBe('done');

    expect(logs.filter((log) => log.level === 'error')).toEqual([]);
    expect(logs.map((log) => log.message)).toContain('Redis connection problem; reconnecting');
    expect(logs.map((log) => log.message)).toContain('Redis connection restored');
    expect(unhandled).toEqual([]);
  });

  it('answers 503 instead of hanging while Redis does not answer, and recovers when it does', async () => {
    const id = await submit();
    await pollStatus(id, (status, body) => status === 200 && body.status === 'done');
    redis.pause();
    try {
      await expectUnavailable(await call('GET', `/translateAsyncStatus/${id}`)); // the 3 s command timeout
    } finally {
      redis.resume();
    }
    await pollStatus(id, (status, body) => status === 200 && body.status === 'done');
    expect(unhandled).toEqual([]);
  });
});
