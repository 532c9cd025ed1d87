import { randomUUID } from 'node:crypto';
import { LOST_WORKER_DETAIL, RedisJobStore } from 'byo-engine/redis';
import { describeJobStoreContract } from 'byo-engine/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { REDIS_URL, checkRedis, describeWithServices, uniqueName } from '../support/services.js';
import { silentLogger } from '../support/test-engine.js';

const redis = await checkRedis();
const prefix = `${uniqueName('byo-test-redis-store')}:`;
const TRANSLATION = { sourceLanguage: 'en', targetLanguage: 'de', segments: [{ text: 'Hi', translatedText: 'Hallo' }] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function removeKeys(client: Redis, pattern: string): Promise<void> {
  const keys = await client.keys(pattern);
  if (keys.length > 0) await client.del(...keys);
}

describeWithServices([redis], 'RedisJobStore', () => {
  describeJobStoreContract('RedisJobStore', () => RedisJobStore.connect({ url: REDIS_URL, prefix, logger: silentLogger }), {
    shared: true,
  });

  let admin: Redis;
  const stores: RedisJobStore[] = [];
  const connect = async (leaseMs = 30_000, renewIntervalMs?: number) => {
    const store = await RedisJobStore.connect({ url: REDIS_URL, prefix, leaseMs, renewIntervalMs, logger: silentLogger });
    stores.push(store);
    return store;
  };
  const job = (ttlSeconds = 600) => ({ id: randomUUID(), owner: 'owner-a', createdAt: Date.now(), ttlSeconds });
  /** Polls until the job is no longer running (bounded), the way Phrase polls. */
  async function pollUntilFinished(store: RedisJobStore, id: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const record = await store.get(id, 'owner-a');
      if (record?.status !== 'running') return record;
      if (Date.now() > deadline) throw new Error(`job ${id} still running after ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    await removeKeys(admin, `${prefix}*`);
    await admin.quit();
  });

  it('keeps jobs under the prefix with Redis TTLs, set again when the job finishes', async () => {
    const store = await connect();
    const created = job(600);
    await store.create(created);
    const jobKey = `${prefix}{${created.id}}:job`;
    const leaseKey = `${prefix}{${created.id}}:lease`;
    expect(await admin.pttl(jobKey)).toBeGreaterThan(590_000);
    expect(await admin.pttl(leaseKey)).toBeGreaterThan(20_000);
    await admin.pexpire(jobKey, 5_000);
    expect(await store.complete(created.id, TRANSLATION)).toBe(true);
    expect(await admin.pttl(jobKey)).toBeGreaterThan(590_000);
    expect(await admin.exists(leaseKey)).toBe(0);
  });

  it('stores and reads a 500-segment result in one round trip each', async () => {
    const client = new Redis(REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const store = new RedisJobStore({ client, prefix, logger: silentLogger });
    stores.push(store);
    await store.ready();
    const created = job();
    await store.create(created);
    const text = 'ü'.repeat(5000);
    const result = {
      ...TRANSLATION,
      segments: Array.from({ length: 500 }, (_, idx) => ({ idx: String(idx), text, translatedText: text })),
    };
    const sent: string[] = [];
    const sendCommand = client.sendCommand.bind(client);
    client.sendCommand = (command, stream) => {
      sent.push(command.name);
      return sendCommand(command, stream);
    };
    expect(await store.complete(created.id, result)).toBe(true);
    expect(sent).toHaveLength(1);
    expect((await store.get(created.id, created.owner))?.result).toEqual(result);
    expect(sent).toHaveLength(2);
    await store.close();
    expect(client.status).toBe('ready'); // a client you pass stays yours
    await client.quit();
  });

  it('a job whose instance stopped renewing its lease is reported failed (worker lost) by another instance', async () => {
    const worker = await connect(600);
    const poller = await connect(600);
    const created = job();
    await worker.create(created);
    await worker.close(); // the worker dies: no more lease renewals
    const record = await pollUntilFinished(poller, created.id, 10_000);
    expect(record).toMatchObject({ status: 'failed', detail: LOST_WORKER_DETAIL });
    expect(await poller.complete(created.id, TRANSLATION)).toBe(false);
    expect((await poller.get(created.id, 'owner-a'))?.detail).toBe(LOST_WORKER_DETAIL);
    expect(await poller.get(created.id, 'owner-b')).toBeUndefined();
  });

  it('a live instance renews its leases, so its jobs keep running past the lease length', async () => {
    const worker = await connect(1_500, 100);
    const poller = await connect(1_500);
    const created = job();
    await worker.create(created);
    await sleep(3_000);
    expect((await poller.get(created.id, 'owner-a'))?.status).toBe('running');
    expect(await worker.complete(created.id, TRANSLATION)).toBe(true);
    expect((await poller.get(created.id, 'owner-a'))?.status).toBe('done');
  });

  it('the lost-worker check and a late finisher race atomically: exactly one outcome sticks', async () => {
    const worker = await connect(300);
    const poller = await connect(300);
    const jobs = Array.from({ length: 10 }, () => job());
    for (const created of jobs) await poller.create(created);
    await poller.close(); // nobody renews these leases now
    await sleep(400);
    await Promise.all(
      jobs.map(async (created) => {
        const [won, seen] = await Promise.all([worker.complete(created.id, TRANSLATION), worker.get(created.id, 'owner-a')]);
        const final = await worker.get(created.id, 'owner-a');
        if (won) expect(final).toMatchObject({ status: 'done', result: TRANSLATION });
        else expect(final).toMatchObject({ status: 'failed', detail: LOST_WORKER_DETAIL });
        expect(seen).toEqual(final); // the read saw the same single outcome, whichever ran first
      }),
    );
  });

  it('connect fails with a clear error when Redis cannot be reached', async () => {
    const unreachable = 'redis://127.0.0.1:1';
    await expect(RedisJobStore.connect({ url: unreachable, prefix, logger: silentLogger })).rejects.toThrow(
      /cannot reach Redis at 127\.0\.0\.1:1 .*ECONNREFUSED.*check the URL and that Redis is running/,
    );
  });

  it('rejects contradictory options', () => {
    expect(() => new RedisJobStore({ prefix })).toThrow(/either `url` or `client`/);
    expect(() => new RedisJobStore({ url: REDIS_URL, leaseMs: 0 })).toThrow(/leaseMs must be a positive number/);
  });
});
