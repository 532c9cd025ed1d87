// BullMQ across real processes on the shared Redis: the example front-ends and workers, started and killed here.
// Each test has its own queue; every process is SIGKILLed in afterAll, whatever happened.
import { setTimeout as delay } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, expect, it } from 'vitest';
import type { TranslateRequest, TranslateResponse } from 'byo-engine';
import { checkRedis, describeWithServices, REDIS_URL, uniqueName } from '../support/services.js';
import { Processes, TOKEN, type Started } from './support/processes.js';

const headers = { 'x-api-token': TOKEN, 'content-type': 'application/json' };

/** A request whose segments name their job, so a crossed result shows. */
function jobBody(job: number): TranslateRequest {
  const count = 1 + (job % 3);
  return {
    sourceLanguage: 'en',
    targetLanguage: 'de',
    segments: Array.from({ length: count }, (_, index) => ({ idx: `${job}.${index}`, text: `job ${job} segment ${index}` })),
  };
}

/** What the demo translator answers for `jobBody(job)`. */
function expectedSegments(job: number) {
  return jobBody(job).segments.map((segment) => ({ ...segment, translatedText: `[de] ${segment.text}` }));
}

/** `fetch`, tried again when the connection breaks (a busy machine resets reused keep-alive sockets now and then). */
async function request(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, { headers, ...init });
    } catch (error) {
      if (attempt >= 5) throw error;
      await delay(200);
    }
  }
}

async function submit(origin: string, body: TranslateRequest): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const response = await request(`${origin}/byo/translateAsync`, { method: 'POST', body: JSON.stringify(body) });
    const answer = (await response.json()) as { id?: string; error?: string };
    if (response.status === 200) return answer.id!;
    if (attempt > 20) throw new Error(`submit answered ${response.status}: ${answer.error}`);
    await delay(200);
  }
}

async function status(origin: string, id: string): Promise<{ status: string; detail?: string }> {
  const response = await request(`${origin}/byo/translateAsyncStatus/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; detail?: string };
}

/** Polls until the job is no longer running (bounded), through `origins()` in turn. */
async function waitDone(origins: () => string[], id: string, timeoutMs: number): Promise<{ status: string; detail?: string }> {
  const deadline = Date.now() + timeoutMs;
  for (let poll = 0; ; poll++) {
    const list = origins();
    let answer: { status: string; detail?: string } | undefined;
    try {
      answer = await status(list[poll % list.length], id);
    } catch (error) {
      if (Date.now() > deadline) throw error; // an instance going down mid-poll: try the next one
    }
    if (answer && answer.status !== 'running') return answer;
    if (Date.now() > deadline) throw new Error(`job ${id} still running after ${timeoutMs} ms`);
    await delay(100);
  }
}

async function result(origin: string, id: string): Promise<TranslateResponse> {
  const response = await request(`${origin}/byo/translateAsyncResult/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TranslateResponse;
}

/** Starts `count` processes one after another (starting several tsx processes at once is slow on a busy machine). */
async function inTurn<T>(count: number, start: () => Promise<T>): Promise<T[]> {
  const started: T[] = [];
  for (let index = 0; index < count; index++) started.push(await start());
  return started;
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

describeWithServices([await checkRedis()], 'BullMQ jobs across real processes', () => {
  const processes = new Processes();
  const queues: Queue[] = [];
  afterAll(async () => {
    processes.killAll();
    for (const queue of queues) await queue.obliterate({ force: true }).catch(() => {});
    for (const queue of queues) await queue.close();
  });
  afterEach(() => processes.killAll());

  function queueOf(name: string): Queue {
    const queue = new Queue(name, { connection: { url: REDIS_URL } });
    queues.push(queue);
    return queue;
  }

  it('1,000 jobs submitted across three instances, polled and fetched through others: none lost, duplicated or crossed', async () => {
    const BYO_QUEUE = uniqueName('byo-thousand');
    queueOf(BYO_QUEUE);
    const instances = await inTurn(3, () => processes.server({ BYO_QUEUE, BYO_CONCURRENCY: '16' }));
    const origins = instances.map((instance) => instance.origin!);
    const jobs = Array.from({ length: 1_000 }, (_, job) => job);
    const ids = await pool(jobs, 50, (job) => submit(origins[job % 3], jobBody(job)));
    expect(new Set(ids).size).toBe(1_000);
    await pool(jobs, 50, async (job) => {
      expect(await waitDone(() => [origins[(job + 1) % 3]], ids[job], 120_000)).toEqual({ status: 'done' });
      const answer = await result(origins[(job + 2) % 3], ids[job]);
      expect(answer.segments).toEqual(expectedSegments(job));
    });
  }, 600_000);

  it('a worker killed with SIGKILL while it runs 20 slow jobs: all 20 end done through the remaining worker', async () => {
    const BYO_QUEUE = uniqueName('byo-kill');
    const queue = queueOf(BYO_QUEUE);
    const timing = { BYO_QUEUE, BYO_LOCK_MS: '2000', BYO_STALLED_INTERVAL_MS: '1000', BYO_CONCURRENCY: '20' };
    const front = await processes.server({ ...timing, BYO_WORKER: '0' });
    const doomed = await processes.worker({ ...timing, DEMO_TRANSLATE_DELAY_MS: '60000' });
    const ids = await Promise.all(Array.from({ length: 20 }, (_, job) => submit(front.origin!, jobBody(job))));
    for (let wait = 0; (await queue.getActiveCount()) < 20; wait++) {
      if (wait > 600) throw new Error('the first worker never held all 20 jobs');
      await delay(50);
    }
    const survivor: Started = await processes.worker({ ...timing, DEMO_TRANSLATE_DELAY_MS: '500' });
    const killedAt = Date.now();
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    await Promise.all(ids.map(async (id) => expect(await waitDone(() => [front.origin!], id, 90_000)).toEqual({ status: 'done' })));
    console.log(
      `recovery after SIGKILL: all 20 jobs done ${Date.now() - killedAt} ms after the kill (lock 2,000 ms, stall check 1,000 ms)`,
    );
    for (const [job, id] of ids.entries()) expect((await result(front.origin!, id)).segments).toEqual(expectedSegments(job));
    expect(survivor.child.exitCode).toBeNull();
  }, 400_000);

  it('rolling restart: every instance stopped with SIGTERM and started again while 200 jobs are in flight; all 200 end done', async () => {
    const BYO_QUEUE = uniqueName('byo-rolling');
    queueOf(BYO_QUEUE);
    const env = { BYO_QUEUE, DEMO_TRANSLATE_DELAY_MS: '300', BYO_CONCURRENCY: '4', SHUTDOWN_GRACE_MS: '500', BYO_LOCK_MS: '3000' };
    const instances = await inTurn(3, () => processes.server(env));
    const origins = () => instances.map((instance) => instance.origin!);
    const ids = await pool(
      Array.from({ length: 200 }, (_, job) => job),
      20,
      (job) => submit(origins()[job % 3], jobBody(job)),
    );
    for (let index = 0; index < instances.length; index++) {
      instances[index].child.kill('SIGTERM');
      const [code] = await instances[index].exited;
      expect(code).toBe(0);
      instances[index] = await processes.server(env);
    }
    await pool(ids, 20, async (id, job) => {
      expect(await waitDone(origins, id, 120_000)).toEqual({ status: 'done' });
      expect((await result(origins()[job % 3], id)).segments).toEqual(expectedSegments(job));
    });
  }, 600_000);

  it('a global concurrency of 3 holds across three worker processes: never more than 3 translator calls at once', async () => {
    const BYO_QUEUE = uniqueName('byo-global');
    queueOf(BYO_QUEUE);
    const COUNT_KEY = `${BYO_QUEUE}:running`;
    const MAX_KEY = `${BYO_QUEUE}:max`;
    const env = { BYO_QUEUE, COUNT_KEY, MAX_KEY, BYO_CONCURRENCY: '5', BYO_GLOBAL_CONCURRENCY: '3', DEMO_TRANSLATE_DELAY_MS: '150' };
    await inTurn(3, () => processes.countingWorker(env));
    const front = await processes.server({ BYO_QUEUE, BYO_WORKER: '0' });
    const ids = await Promise.all(Array.from({ length: 40 }, (_, job) => submit(front.origin!, jobBody(job))));
    await Promise.all(ids.map(async (id) => expect(await waitDone(() => [front.origin!], id, 120_000)).toEqual({ status: 'done' })));
    const redis = new Redis(REDIS_URL);
    try {
      const max = Number(await redis.get(MAX_KEY));
      expect(max).toBeLessThanOrEqual(3);
      expect(max).toBeGreaterThanOrEqual(2); // the workers did run in parallel: the limit, not luck, held it
      await redis.del(COUNT_KEY, MAX_KEY);
    } finally {
      redis.disconnect();
    }
  }, 400_000);
});
