import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { TranslateResponse } from '../api-types.js';
import type { JobStore, NewJob } from '../jobs/job-store.js';

/** Options of `describeJobStoreContract`: what the kit may assume about your store. */
export interface JobStoreContractOptions {
  /**
   * The stores `makeStore` returns share their jobs, as instances behind a load balancer do (Redis, SQL).
   * The kit then also races finishers on two instances and reads jobs across them. Default false.
   */
  shared?: boolean;
  /**
   * Moves the store's clock forward, for stores that take an injectable clock. With it the TTL checks are
   * exact and instant; without it they use 1- and 2-second TTLs and wait in real time (bounded by `expiryTimeoutMs`).
   */
  advanceTime?: (ms: number) => void | Promise<void>;
  /** Real-time TTL checks: the longest wait for a job with a 1-second TTL to disappear. Default 10,000 ms. */
  expiryTimeoutMs?: number;
}

/** Results of this size must round-trip: 500 segments of 5,000 characters, with non-ASCII text. */
function largeResult(): TranslateResponse {
  const text = 'Grüße, 世界 🌍 "quoted" \\ back\nslash '.repeat(200).slice(0, 5000);
  return {
    sourceLanguage: 'en',
    targetLanguage: 'de',
    segments: Array.from({ length: 500 }, (_, index) => ({ idx: String(index), text, translatedText: `${index} ${text}`.slice(0, 5000) })),
    metadata: { project: 'contract', nested: { list: [1, 2, 3] } },
  };
}

function smallResult(label: string): TranslateResponse {
  return { sourceLanguage: 'en', targetLanguage: 'de', segments: [{ idx: '1', text: 'Hello', translatedText: `Hallo ${label}` }] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers vitest tests that check a `JobStore` keeps the rules written on the interface: create/get,
 * owner isolation, `running -> done | failed` once, concurrent finishers (exactly one wins), TTL expiry,
 * large results, unknown ids and taken ids. `makeStore` is called for every test (twice for `shared`
 * stores); the kit closes what it made. Job ids are random UUIDs, so stores may share their backend.
 */
export function describeJobStoreContract(
  name: string,
  makeStore: () => JobStore | Promise<JobStore>,
  options: JobStoreContractOptions = {},
): void {
  describe(`JobStore contract: ${name}`, () => {
    const opened: JobStore[] = [];
    const open = async () => {
      const store = await makeStore();
      opened.push(store);
      return store;
    };
    /** Two handles on the same jobs when the store is shared; the same store twice otherwise. */
    const openPair = async (): Promise<[JobStore, JobStore]> => {
      const first = await open();
      return [first, options.shared ? await open() : first];
    };
    const newJob = (overrides: Partial<NewJob> = {}): NewJob => ({
      id: randomUUID(),
      owner: 'owner-a',
      createdAt: Date.now(),
      ttlSeconds: 600,
      ...overrides,
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map(async (store) => store.close?.()));
    });

    it('create stores a running job that get returns to its owner', async () => {
      const store = await open();
      const job = newJob({ createdAt: 1_700_000_000_123 });
      await store.create(job);
      const record = await store.get(job.id, job.owner);
      if (record === undefined) {
        throw new Error(
          'get gave undefined for a job just created with a createdAt long past: the TTL counts from the moment ' +
            "create runs, by the store's clock, not from createdAt",
        );
      }
      expect(record).toMatchObject({ id: job.id, owner: job.owner, status: 'running', createdAt: job.createdAt });
      expect(record?.result).toBeUndefined();
      expect(record?.detail).toBeUndefined();
    });

    it('create rejects an id that is taken and keeps the first job', async () => {
      const store = await open();
      const job = newJob();
      await store.create(job);
      await expect(store.create({ ...job, owner: 'owner-b' })).rejects.toThrow();
      expect((await store.get(job.id, job.owner))?.status).toBe('running');
      expect(await store.get(job.id, 'owner-b')).toBeUndefined();
      expect(await store.complete(job.id, smallResult('first'))).toBe(true);
      await expect(store.create(job)).rejects.toThrow();
      expect((await store.get(job.id, job.owner))?.result).toEqual(smallResult('first'));
    });

    it('get returns a job only to its owner (exact match)', async () => {
      const [one, other] = await openPair();
      const job = newJob({ owner: 'Owner-A' });
      await one.create(job);
      expect(await other.get(job.id, 'owner-b')).toBeUndefined();
      expect(await other.get(job.id, 'owner-a')).toBeUndefined();
      expect(await other.get(job.id, '')).toBeUndefined();
      expect((await other.get(job.id, 'Owner-A'))?.id).toBe(job.id);
      expect(await one.complete(job.id, smallResult('x'))).toBe(true);
      expect(await other.get(job.id, 'owner-b')).toBeUndefined();
    });

    it('unknown ids: get gives undefined, complete and fail give false', async () => {
      const store = await open();
      const id = randomUUID();
      expect(await store.get(id, 'owner-a')).toBeUndefined();
      expect(await store.complete(id, smallResult('x'))).toBe(false);
      expect(await store.fail(id, 'nope')).toBe(false);
      expect(await store.get(id, 'owner-a')).toBeUndefined();
    });

    it('complete moves running -> done once; later finishers lose', async () => {
      const store = await open();
      const job = newJob();
      await store.create(job);
      expect(await store.complete(job.id, smallResult('first'))).toBe(true);
      expect(await store.complete(job.id, smallResult('second'))).toBe(false);
      expect(await store.fail(job.id, 'too late')).toBe(false);
      const record = await store.get(job.id, job.owner);
      expect(record).toMatchObject({ status: 'done', result: smallResult('first') });
      expect(record?.detail).toBeUndefined();
    });

    it('fail moves running -> failed once and keeps its detail', async () => {
      const store = await open();
      const job = newJob();
      await store.create(job);
      expect(await store.fail(job.id, 'the engine said no')).toBe(true);
      expect(await store.fail(job.id, 'second detail')).toBe(false);
      expect(await store.complete(job.id, smallResult('late'))).toBe(false);
      const record = await store.get(job.id, job.owner);
      expect(record).toMatchObject({ status: 'failed', detail: 'the engine said no' });
      expect(record?.result).toBeUndefined();
    });

    it('concurrent finishers: exactly one wins and its outcome is what get returns', async () => {
      const [one, other] = await openPair();
      const jobs = Array.from({ length: 20 }, () => newJob());
      await Promise.all(jobs.map((job) => one.create(job)));
      await Promise.all(
        jobs.map(async (job) => {
          const finishers = Array.from({ length: 8 }, (_, index) => {
            const store = index % 2 === 0 ? one : other;
            return index % 3 === 0
              ? { outcome: { status: 'failed', detail: `finisher ${index}` }, run: () => store.fail(job.id, `finisher ${index}`) }
              : {
                  outcome: { status: 'done', result: smallResult(`finisher ${index}`) },
                  run: () => store.complete(job.id, smallResult(`finisher ${index}`)),
                };
          });
          const wins = await Promise.all(finishers.map((finisher) => finisher.run()));
          expect(wins.filter(Boolean)).toHaveLength(1);
          const winner = finishers[wins.indexOf(true)];
          expect(await one.get(job.id, job.owner)).toMatchObject(winner.outcome);
          expect(await other.get(job.id, job.owner)).toMatchObject(winner.outcome);
        }),
      );
    });

    it('stores and reads a result of 500 segments of 5,000 characters', async () => {
      const [one, other] = await openPair();
      const job = newJob();
      const result = largeResult();
      await one.create(job);
      expect(await one.complete(job.id, result)).toBe(true);
      expect((await other.get(job.id, job.owner))?.result).toEqual(result);
    });

    if (options.shared) {
      it('instances share jobs: created on one, finished and read on the other', async () => {
        const [one, other] = await openPair();
        const job = newJob();
        await one.create(job);
        expect((await other.get(job.id, job.owner))?.status).toBe('running');
        await expect(other.create(job)).rejects.toThrow();
        expect(await other.complete(job.id, smallResult('other'))).toBe(true);
        expect(await one.complete(job.id, smallResult('one'))).toBe(false);
        expect((await one.get(job.id, job.owner))?.result).toEqual(smallResult('other'));
      });
    }

    const advanceTime = options.advanceTime;
    if (advanceTime) {
      it('a job expires after its TTL: get gives undefined, finishers lose', async () => {
        const store = await open();
        const job = newJob({ ttlSeconds: 10 });
        await store.create(job);
        await advanceTime(9_000);
        expect((await store.get(job.id, job.owner))?.status).toBe('running');
        await advanceTime(1_500);
        expect(await store.get(job.id, job.owner)).toBeUndefined();
        expect(await store.complete(job.id, smallResult('late'))).toBe(false);
        expect(await store.fail(job.id, 'late')).toBe(false);
      });

      it('the TTL starts again when the job finishes', async () => {
        const store = await open();
        const job = newJob({ ttlSeconds: 10 });
        await store.create(job);
        await advanceTime(8_000);
        expect(await store.complete(job.id, smallResult('x'))).toBe(true);
        await advanceTime(8_000);
        expect((await store.get(job.id, job.owner))?.status).toBe('done');
        await advanceTime(2_500);
        expect(await store.get(job.id, job.owner)).toBeUndefined();
      });
    } else {
      it('a job expires after its TTL (1 s, real time): get gives undefined, finishers lose', async () => {
        const store = await open();
        const job = newJob({ ttlSeconds: 1 });
        await store.create(job);
        const timeoutMs = options.expiryTimeoutMs ?? 10_000;
        const deadline = Date.now() + timeoutMs;
        while ((await store.get(job.id, job.owner)) !== undefined) {
          if (Date.now() > deadline) throw new Error(`job with a 1-second TTL still readable after ${timeoutMs} ms`);
          await sleep(100);
        }
        expect(await store.complete(job.id, smallResult('late'))).toBe(false);
        expect(await store.fail(job.id, 'late')).toBe(false);
        expect(await store.get(job.id, job.owner)).toBeUndefined();
      });

      it('the TTL starts again when the job finishes (2 s, real time)', async () => {
        const store = await open();
        const ttlMs = 2_000;
        const margin = 250;
        // A stalled machine can make one attempt say nothing (read too late); such an attempt is repeated.
        for (let attempt = 1; attempt <= 3; attempt++) {
          const job = newJob({ ttlSeconds: ttlMs / 1000 });
          await store.create(job);
          const created = Date.now(); // the store's clock read its "now" before this
          await sleep(ttlMs * 0.6);
          const finishing = Date.now(); // ... and after this, when the TTL starts again
          if (!(await store.complete(job.id, smallResult('x')))) continue; // stalled past the first TTL
          await sleep(Math.max(0, created + ttlMs + margin - Date.now()));
          const record = await store.get(job.id, job.owner);
          if (Date.now() >= finishing + ttlMs - margin) continue; // read too late to tell
          if (record === undefined) {
            throw new Error(
              'a finished job expired with the TTL it got at create: complete and fail must keep the job ttlSeconds ' +
                'longer from the moment they run (they do not receive the TTL; keep it from create)',
            );
          }
          expect(record.status).toBe('done');
          return;
        }
        throw new Error('the machine was too slow to check the TTL restart in real time in 3 attempts');
      });

      it('a finished job expires after its TTL too (1 s, real time)', async () => {
        const store = await open();
        const job = newJob({ ttlSeconds: 1 });
        await store.create(job);
        await store.fail(job.id, 'done with it');
        const timeoutMs = options.expiryTimeoutMs ?? 10_000;
        const deadline = Date.now() + timeoutMs;
        while ((await store.get(job.id, job.owner)) !== undefined) {
          if (Date.now() > deadline) throw new Error(`finished job with a 1-second TTL still readable after ${timeoutMs} ms`);
          await sleep(100);
        }
      });
    }
  });
}
