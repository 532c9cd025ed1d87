// Async jobs per second through BullMQ: a front-end submits N jobs (5 segments each) and waits until workers
// in 1 and in 3 separate processes have completed them all.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { BullmqJobBackend } from '../src/bullmq/index.js';
import type { BenchConfig } from './config.js';

export interface JobsResult {
  workers: number;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
}

export type JobsSuiteResult = { results: JobsResult[] } | { skipped: string };

const CONCURRENCY_PER_WORKER = 16;
const principal = { name: 'bench', scheme: 'api-token' } as const;
const silent = { info() {}, warn() {}, error() {} };

async function startWorkers(count: number, queue: string, redisUrl: string) {
  const script = fileURLToPath(new URL('jobs/worker-child.ts', import.meta.url));
  const children = Array.from({ length: count }, () =>
    fork(script, [queue, redisUrl, String(CONCURRENCY_PER_WORKER)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  await Promise.all(
    children.map((child) => new Promise((resolve, reject) => (child.once('message', resolve), child.once('exit', reject)))),
  );
  return async () => {
    await Promise.all(children.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.disconnect()))));
  };
}

async function runOnce(workers: number, jobs: number, redisUrl: string): Promise<JobsResult> {
  const name = `byo-bench-${randomBytes(4).toString('hex')}`;
  const stopWorkers = await startWorkers(workers, name, redisUrl);
  const backend = new BullmqJobBackend(
    { url: redisUrl, queue: name, worker: false, attempts: 1 },
    { translate: () => [], logger: silent, concurrency: 1, maxQueued: jobs + 1, timeoutMs: 60_000, ttlSeconds: 600 },
  );
  const watcher = new Queue(name, { connection: { url: redisUrl } });
  try {
    const request = {
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: Array.from({ length: 5 }, (_, index) => ({ idx: String(index), text: `segment ${index} of a benchmark job` })),
    };
    const started = performance.now();
    for (let batch = 0; batch < jobs; batch += 50) {
      await Promise.all(Array.from({ length: Math.min(50, jobs - batch) }, () => backend.submit(request, principal, principal.name)));
    }
    while ((await watcher.getCompletedCount()) < jobs) await delay(20);
    const seconds = (performance.now() - started) / 1000;
    return { workers, jobs, seconds, jobsPerSecond: jobs / seconds };
  } finally {
    await backend.close(0);
    await watcher.obliterate({ force: true }).catch(() => {});
    await watcher.close();
    await stopWorkers();
  }
}

export async function runJobsSuite(config: BenchConfig, log: (line: string) => void): Promise<JobsSuiteResult> {
  const results: JobsResult[] = [];
  try {
    for (const workers of [1, 3]) {
      log(`jobs: ${config.asyncJobs} BullMQ jobs through ${workers} worker process(es)`);
      results.push(await runOnce(workers, config.asyncJobs, config.redisUrl));
    }
  } catch (error) {
    return { skipped: `BullMQ jobs need Redis at ${config.redisUrl}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { results };
}
