// The RedisJobStore around its own redis-server: a fresh store answers its first requests, /status and
// engine.health() follow Redis, and an outage longer than leaseMs neither reports live jobs lost nor drops
// the results finished meanwhile ("job store unavailable" is logged once per outage).
import { createServer } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { ByoEngine, TranslateFunction } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { RedisJobStore } from 'byo-engine/redis';
import express from 'express';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { recordingLogger } from '../behaviour/harness.js';
import { listen, type RunningApp } from '../support/adapter-rows.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redis-server.js';
import { checkRedisServerBinary, describeWithServices, uniqueName } from '../support/services.js';
import { AUTH_HEADERS, silentLogger, testEngine, translateBody } from '../support/test-engine.js';

/** The store key of the API-token caller `phrase`'s jobs (scheme and name: issue 19). */
const OWNER = '["api-token","phrase"]';

describeWithServices([checkRedisServerBinary()], 'RedisJobStore: start-up, health and outages', () => {
  let redis: PrivateRedis;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await redis?.dispose();
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
  const statusOf = async (app: RunningApp) => ((await (await call(app, 'POST', '/status', {})).json()) as { status: string }).status;

  it('a store created and used at once answers its first requests (no start-up 503)', async () => {
    const store = new RedisJobStore({ url: redis.url, prefix: `${uniqueName('byo-fresh')}:`, logger: silentLogger });
    cleanups.push(() => store.close());
    const app = await serve(testEngine({ jobs: { store } }));
    const answers = await Promise.all([0, 1, 2].map(() => call(app, 'POST', '/translateAsync', translateBody(1))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
  });

  it('/status and engine.health() say not_ok while redis-server is stopped, ok once it is back; the status hook still counts', async () => {
    const store = await RedisJobStore.connect({
      url: redis.url,
      prefix: `${uniqueName('byo-health')}:`,
      commandTimeoutMs: 1_000,
      logger: silentLogger,
    });
    cleanups.push(() => store.close());
    let hook: 'ok' | 'not_ok' = 'ok';
    const engine = testEngine({ jobs: { store }, status: () => hook });
    const app = await serve(engine);
    expect(await statusOf(app)).toBe('ok');
    await redis.stop();
    try {
      expect(await statusOf(app)).toBe('not_ok');
      expect(await engine.health()).toEqual({ status: 'not_ok', closing: false, jobsReachable: false, custom: 'ok' });
    } finally {
      await redis.start();
    }
    for (let poll = 0; (await statusOf(app)) !== 'ok'; poll++) {
      if (poll > 100) throw new Error('/status did not come back to ok');
      await delay(100);
    }
    hook = 'not_ok';
    expect(await statusOf(app)).toBe('not_ok');
    expect(await engine.health()).toEqual({ status: 'not_ok', closing: false, jobsReachable: true, custom: 'not_ok' });
  });

  it('an outage longer than leaseMs: live jobs are not reported lost, a result finished meanwhile is kept, one log line', async () => {
    const prefix = `${uniqueName('byo-outage')}:`;
    const leaseMs = 1_000;
    const options = { url: redis.url, prefix, leaseMs, renewIntervalMs: 250, commandTimeoutMs: 1_000, logger: silentLogger };
    const store = await RedisJobStore.connect(options);
    const other = await RedisJobStore.connect(options); // another instance, polling
    cleanups.push(
      () => store.close(),
      () => other.close(),
    );
    const gates = new Map<string, () => void>();
    const translate: TranslateFunction = async (request) => {
      await new Promise<void>((resolve) => gates.set(request.segments[0].text, resolve));
      return request.segments.map((segment) => `<de>${segment.text}`);
    };
    const { logger, lines } = recordingLogger();
    const app = await serve(testEngine({ translate, jobs: { store }, logger }));
    const submit = async (text: string) =>
      ((await (await call(app, 'POST', '/translateAsync', translateBody(1, { segments: [{ text }] }))).json()) as { id: string }).id;
    const finishesDuring = await submit('during');
    const runsOn = await submit('after');
    while (gates.size < 2) await delay(10);

    await redis.stop();
    for (let request = 0; request < 5; request++) expect((await call(app, 'GET', `/translateAsyncStatus/${runsOn}`)).status).toBe(503);
    await delay(leaseMs * 2.5); // every lease has run out
    gates.get('during')!(); // its result cannot be written now
    await delay(100);
    await redis.start();
    for (let poll = 0; !(await other.health()); poll++) {
      if (poll > 100) throw new Error('the polling instance did not reconnect');
      await delay(20);
    }

    // Read at once from the other instance, and again after a full lease: still running, never "worker lost".
    expect((await other.get(runsOn, OWNER))?.status).toBe('running');
    expect((await other.get(finishesDuring, OWNER))?.status).not.toBe('failed');
    await delay(leaseMs * 1.5);
    expect((await other.get(runsOn, OWNER))?.status).toBe('running');
    expect(await other.get(finishesDuring, OWNER)).toMatchObject({
      status: 'done',
      result: { segments: [{ translatedText: '<de>during' }] },
    });
    gates.get('after')!();
    for (let poll = 0; (await other.get(runsOn, OWNER))?.status !== 'done'; poll++) {
      if (poll > 100) throw new Error('the job did not finish after the outage');
      await delay(50);
    }
    expect(lines.filter((line) => line.message === 'job store unavailable')).toHaveLength(1);
  });
});
