import type { RedisOptions } from 'ioredis';

/** Where the queue lives. Every front-end and worker of one Phrase connector must use the same values. */
export interface BullmqQueueSettings {
  /** `redis://` or `rediss://` URL. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** More ioredis options (TLS, username, db...). */
  redisOptions?: RedisOptions;
  /** The queue's name. Default `byo`. */
  queue?: string;
  /** BullMQ's key prefix. Default `bull` (BullMQ's own, so Bull Board finds the queue as it is). */
  prefix?: string;
  /** How long the first requests (and a worker's start) wait for Redis. Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** A Redis command of a front-end taking longer fails with 503. Default 5,000 ms. */
  commandTimeoutMs?: number;
}

/** How workers take jobs. Set them on the worker side (the in-process worker of `bullmqJobs`, or `startBullmqWorker`). */
export interface BullmqWorkerSettings {
  /** Most jobs running at once across every worker of the queue (BullMQ's global concurrency). Default: no global limit. */
  globalConcurrency?: number;
  /** At most `max` jobs started per `durationMs` across every worker (BullMQ's rate limiter). Default: none. */
  rateLimit?: { max: number; durationMs: number };
  /** A worker holds a running job's lock this long and renews it; a dead worker's job is free again after it. Default 30,000 ms. */
  lockMs?: number;
  /** How often workers look for jobs whose lock ran out (stalled: their worker died). Default 30,000 ms. */
  stalledIntervalMs?: number;
  /** Times a job may lose its worker and be taken again; once more and it fails ("worker lost"). Default 2. */
  maxStalledCount?: number;
}

/** How submitted jobs are retried. Set them on the front-end (`bullmqJobs`). */
export interface BullmqRetrySettings {
  /** Tries per job, the first included; a translator error that cannot succeed (4xx, wrong count) is not retried. Default 3. */
  attempts?: number;
  /** Exponential backoff between tries: the first wait, doubled each time. Default 1,000 ms. */
  backoffMs?: number;
}

/** The defaults of the BullMQ backend and worker settings: queue name, Redis URL, retries, locks and stall checks. */
export const BULLMQ_DEFAULTS = {
  url: 'redis://127.0.0.1:6379',
  queue: 'byo',
  prefix: 'bull',
  connectTimeoutMs: 10_000,
  commandTimeoutMs: 5_000,
  lockMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
  attempts: 3,
  backoffMs: 1_000,
  retryAfterSeconds: 5,
} as const;

/** A positive whole number or `undefined`, else a clear error. */
export function positiveInteger(name: string, value: number | undefined, fallback: number): number;
export function positiveInteger(name: string, value: number | undefined): number | undefined;
export function positiveInteger(name: string, value: number | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`byo-engine/bullmq: ${name} must be a whole number of at least 1`);
  return value;
}
