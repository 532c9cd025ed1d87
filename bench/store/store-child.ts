// Child process (run with --expose-gc): creates, completes and reads N jobs of 50 segments in one store,
// timing each kind of operation and measuring the memory the stored jobs take. A fresh process per N
// keeps one run's heap from colouring the next.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { reportToParent } from '../server/report-to-parent.js';
import { Unavailable } from '../server/optional-module.js';
import type { TranslateResponse } from '../../src/index.js';
import { BENCH_CALLER, translateRequest } from '../shared/workload.js';
import { bareTranslate } from '../server/bare.js';
import type { StoreResult } from './store-result.js';
import { memoryStore, redisStore, type StoreUnderTest } from './stores.js';

const [kind, jobsArgument, redisUrl] = process.argv.slice(2);
const jobs = Number(jobsArgument);
// Each job's result is its own object graph, as when it was parsed from a request and translated.
const RESULT_JSON = JSON.stringify(bareTranslate(translateRequest(50)));
const TTL_SECONDS = 3600;

/** Mean µs of `operation(index)` over `count` sequential calls; `prepare(index)` runs outside the clock. */
async function timed<T>(
  count: number,
  operation: (index: number, input: T) => Promise<unknown>,
  prepare: (index: number) => T,
): Promise<number> {
  let spent = 0;
  for (let index = 0; index < count; index++) {
    const input = prepare(index);
    const started = performance.now();
    await operation(index, input);
    spent += performance.now() - started;
  }
  return (spent * 1000) / count;
}

async function measure(subject: StoreUnderTest): Promise<StoreResult> {
  const { store } = subject;
  const ids: string[] = new Array(jobs);
  const before = await subject.usedBytes();
  const heapBefore = await subject.heapUsed?.();
  const createMicros = await timed(
    jobs,
    (index, id: string) => store.create({ id: (ids[index] = id), owner: BENCH_CALLER, createdAt: Date.now(), ttlSeconds: TTL_SECONDS }),
    () => randomUUID(),
  );
  const completeMicros = await timed(
    jobs,
    async (index, result: TranslateResponse) => {
      if (!(await store.complete(ids[index], result))) throw new Error(`job ${ids[index]} did not complete`);
    },
    () => JSON.parse(RESULT_JSON) as TranslateResponse,
  );
  const after = await subject.usedBytes();
  const heapAfter = await subject.heapUsed?.();
  const getMicros = await timed(
    jobs,
    async (index) => {
      const job = await store.get(ids[index], BENCH_CALLER);
      if (job?.status !== 'done' || job.result?.segments.length !== 50) throw new Error(`job ${ids[index]} read back wrong`);
    },
    () => undefined,
  );
  return {
    store: kind,
    jobs,
    createMicros,
    completeMicros,
    getMicros,
    bytesPerJob: (after - before) / jobs,
    memoryMeasure: subject.memoryMeasure,
    heapBytesPerJob: heapBefore === undefined || heapAfter === undefined ? undefined : (heapAfter - heapBefore) / jobs,
  };
}

try {
  const subject = kind === 'redis' ? await redisStore(redisUrl) : memoryStore(jobs);
  let result: StoreResult;
  try {
    result = await measure(subject);
  } finally {
    await subject.cleanUp();
  }
  reportToParent({ kind: 'result', value: result });
} catch (error) {
  if (!(error instanceof Unavailable)) throw error;
  reportToParent({ kind: 'unavailable', reason: error.message });
}
