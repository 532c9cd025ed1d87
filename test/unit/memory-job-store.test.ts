// MemoryJobStore beyond the JobStore contract kit (test/stores): the maxJobs cap and its eviction order.
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryJobStore, type TranslateResponse } from 'byo-engine';

const RESULT: TranslateResponse = { sourceLanguage: 'en', targetLanguage: 'de', segments: [{ text: 'a', translatedText: 'b' }] };
const OWNER = 'phrase';

let now = 1_000_000;
const stores: MemoryJobStore[] = [];

function store(maxJobs: number): MemoryJobStore {
  const created = new MemoryJobStore({ maxJobs, now: () => now });
  stores.push(created);
  return created;
}

const create = (jobs: MemoryJobStore, id: string, ttlSeconds = 60) => jobs.create({ id, owner: OWNER, createdAt: now, ttlSeconds });
const statusOf = async (jobs: MemoryJobStore, id: string) => (await jobs.get(id, OWNER))?.status;

afterEach(async () => {
  for (const jobs of stores.splice(0)) await jobs.close();
});

describe('MemoryJobStore', () => {
  it('keeps a job for its TTL after creation, and again for its TTL after it finished', async () => {
    const jobs = store(10);
    await create(jobs, 'a', 10);
    now += 9_999;
    expect(await statusOf(jobs, 'a')).toBe('running');
    expect(await jobs.complete('a', RESULT)).toBe(true);
    now += 9_999;
    expect(await jobs.get('a', OWNER)).toMatchObject({ status: 'done', result: RESULT });
    now += 1;
    expect(await jobs.get('a', OWNER)).toBeUndefined();
    expect(await jobs.fail('a', 'late')).toBe(false);
  });

  it('moves a job once: the first finisher wins, later ones change nothing', async () => {
    const jobs = store(10);
    await create(jobs, 'a');
    const outcomes = await Promise.all([jobs.fail('a', 'first'), jobs.complete('a', RESULT), jobs.fail('a', 'third')]);
    expect(outcomes).toEqual([true, false, false]);
    expect(await jobs.get('a', OWNER)).toMatchObject({ status: 'failed', detail: 'first' });
    expect((await jobs.get('a', OWNER))?.result).toBeUndefined();
  });

  it('when full, evicts the job that finished first, not the oldest created, and never a running one', async () => {
    const jobs = store(3);
    for (const id of ['a', 'b', 'c']) await create(jobs, id);
    await jobs.complete('b', RESULT);
    await jobs.fail('a', 'broken');
    await create(jobs, 'd');
    expect(await statusOf(jobs, 'b')).toBeUndefined();
    expect([await statusOf(jobs, 'a'), await statusOf(jobs, 'c'), await statusOf(jobs, 'd')]).toEqual(['failed', 'running', 'running']);
    await create(jobs, 'e');
    expect(await statusOf(jobs, 'a')).toBeUndefined();
    expect(jobs.size).toBe(3);
  });

  it('keeps the eviction order of finished jobs when jobs in the middle and at the end of it expire', async () => {
    const jobs = store(3);
    await create(jobs, 'a');
    await create(jobs, 'b', 1);
    await create(jobs, 'c', 1);
    for (const id of ['a', 'b', 'c']) await jobs.complete(id, RESULT);
    now += 1_000; // b and c, finished second and last, have expired
    await create(jobs, 'd'); // the sweep drops b and c; no eviction needed
    await create(jobs, 'e');
    expect([await statusOf(jobs, 'a'), jobs.size]).toEqual(['done', 3]);
    await jobs.fail('d', 'broken');
    await create(jobs, 'f'); // evicts a, the oldest finished
    expect([await statusOf(jobs, 'a'), await statusOf(jobs, 'd')]).toEqual([undefined, 'failed']);
    await create(jobs, 'g'); // evicts d, finished after the expired ones
    expect([await statusOf(jobs, 'd'), await statusOf(jobs, 'e'), await statusOf(jobs, 'f'), jobs.size]).toEqual([
      undefined,
      'running',
      'running',
      3,
    ]);
    await expect(create(jobs, 'h')).rejects.toMatchObject({ status: 429 }); // nothing finished is left to evict
  });

  it('when full of running jobs, refuses a new one with a 429 and Retry-After', async () => {
    const jobs = store(2);
    await create(jobs, 'a');
    await create(jobs, 'b');
    await expect(create(jobs, 'c')).rejects.toMatchObject({
      status: 429,
      message: 'Too many jobs are running (2); retry later',
      headers: { 'retry-after': expect.stringMatching(/^[1-9]\d*$/) },
    });
    expect([await statusOf(jobs, 'a'), await statusOf(jobs, 'b'), await statusOf(jobs, 'c')]).toEqual(['running', 'running', undefined]);
  });

  it('when full, makes room by dropping expired jobs first, even running ones', async () => {
    const jobs = store(2);
    await create(jobs, 'a', 1);
    await create(jobs, 'b', 1);
    now += 1_000;
    await create(jobs, 'c');
    expect(jobs.size).toBe(1);
    expect(await statusOf(jobs, 'c')).toBe('running');
  });

  it('refuses a taken id and keeps the first job', async () => {
    const jobs = store(10);
    await create(jobs, 'a');
    await jobs.complete('a', RESULT);
    await expect(create(jobs, 'a')).rejects.toThrow('job a already exists');
    expect(await statusOf(jobs, 'a')).toBe('done');
  });

  it('refuses a maxJobs below 1', () => {
    expect(() => new MemoryJobStore({ maxJobs: 0 })).toThrow('maxJobs must be at least 1');
  });
});
