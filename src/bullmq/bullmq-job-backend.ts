import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TranslateRequest, TranslateResponse } from '../api-types.js';
import type { Principal } from '../auth/principal.js';
import { HttpError } from '../http/http-error.js';
import type { JobBackend, JobBackendContext, JobBackendFactory } from '../jobs/job-backend.js';
import type { JobRecord } from '../jobs/job-store.js';
import { JobStoreUnavailableError } from '../jobs/store-unavailable-error.js';
import { answersPing, asStoreError, createFailFastClient, waitUntilReady } from '../redis/redis-connection.js';
import { TranslationWorker, applyQueueLimits } from './bullmq-worker.js';
import { JOB_ID, JOB_NAME, toJobRecord, type TranslationJobData } from './job-data.js';
import {
  BULLMQ_DEFAULTS,
  positiveInteger,
  type BullmqQueueSettings,
  type BullmqRetrySettings,
  type BullmqWorkerSettings,
} from './settings.js';

/** Options of `bullmqJobs`. */
export interface BullmqJobsOptions extends BullmqQueueSettings, BullmqWorkerSettings, BullmqRetrySettings {
  /** Run a worker in this process too (with `jobs.concurrency`). `false`: a front-end that only submits and reads. Default true. */
  worker?: boolean;
  /** `Retry-After` seconds answered while Redis is unavailable. Default 5. */
  retryAfterSeconds?: number;
}

const UNAVAILABLE = 'Job queue (Redis) is unavailable; retry shortly';
/** Retry-After when the queue is full and no throughput has been measured yet (BullMQ counts per minute). */
const UNKNOWN_THROUGHPUT_RETRY_SECONDS = 60;

/**
 * Async jobs as BullMQ jobs (`jobs: { backend: bullmqJobs({ url }) }`): durable payloads, any worker of the queue
 * finishes a job whatever happens to the instance that accepted it. Needs the optional peer dependency bullmq.
 */
export function bullmqJobs(options: BullmqJobsOptions = {}): JobBackendFactory {
  return (context) => new BullmqJobBackend(options, context);
}

/** The `JobBackend` of `bullmqJobs`: a BullMQ queue, and by default a worker in the same process. */
export class BullmqJobBackend implements JobBackend {
  private readonly client: Redis;
  private readonly queue: Queue<TranslationJobData, TranslateResponse>;
  private readonly worker: Promise<TranslationWorker | undefined>;
  private readonly connectTimeoutMs: number;
  private readonly retryAfterSeconds: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private everReady = false;
  private firstReady: Promise<void> | undefined;
  private startedWorker: TranslationWorker | undefined;

  constructor(
    options: BullmqJobsOptions,
    private readonly context: JobBackendContext,
  ) {
    this.connectTimeoutMs = positiveInteger('connectTimeoutMs', options.connectTimeoutMs, BULLMQ_DEFAULTS.connectTimeoutMs);
    this.retryAfterSeconds = positiveInteger('retryAfterSeconds', options.retryAfterSeconds, BULLMQ_DEFAULTS.retryAfterSeconds);
    this.attempts = positiveInteger('attempts', options.attempts, BULLMQ_DEFAULTS.attempts);
    this.backoffMs = positiveInteger('backoffMs', options.backoffMs, BULLMQ_DEFAULTS.backoffMs);
    // Front-end commands fail fast while Redis is away (503 at once), unlike the worker's.
    this.client = createFailFastClient(options.url ?? BULLMQ_DEFAULTS.url, {
      commandTimeoutMs: positiveInteger('commandTimeoutMs', options.commandTimeoutMs, BULLMQ_DEFAULTS.commandTimeoutMs),
      connectTimeoutMs: this.connectTimeoutMs,
      redisOptions: options.redisOptions,
    });
    this.client.on('error', () => {}); // outages answer 503 and are logged once by the engine
    this.client.on('ready', () => (this.everReady = true));
    this.queue = new Queue(options.queue ?? BULLMQ_DEFAULTS.queue, {
      connection: this.client,
      prefix: options.prefix ?? BULLMQ_DEFAULTS.prefix,
    });
    this.queue.on('error', () => {});
    this.worker =
      options.worker === false
        ? Promise.resolve(undefined)
        : this.startWorker(options).catch((error: unknown) => {
            context.logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'job worker did not start');
            return undefined;
          });
  }

  async submit(request: TranslateRequest, principal: Principal, owner: string): Promise<string> {
    const id = randomUUID();
    const data: TranslationJobData = { request, principal: { ...principal }, owner, ttlSeconds: this.context.ttlSeconds };
    await this.call(async () => {
      const counts = await this.queue.getJobCounts('wait', 'prioritized');
      const waiting = (counts.wait ?? 0) + (counts.prioritized ?? 0);
      if (waiting >= this.context.maxQueued) {
        throw new HttpError(429, `The translation queue is full (${waiting} jobs waiting); retry later`, {
          'retry-after': String(await this.retryAfter(waiting)),
        });
      }
      await this.queue.add(JOB_NAME, data, {
        jobId: id,
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: this.backoffMs },
        removeOnComplete: { age: this.context.ttlSeconds },
        removeOnFail: { age: this.context.ttlSeconds },
      });
    });
    return id;
  }

  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    if (!JOB_ID.test(id)) return undefined;
    return this.call(async () => {
      // The state first: the job read after it is at least as new (a completed state comes with its result).
      const state = await this.queue.getJobState(id);
      if (state === 'unknown') return undefined;
      const job = await this.queue.getJob(id);
      return job ? toJobRecord(id, owner, job, state, Date.now()) : undefined;
    });
  }

  async health(): Promise<boolean> {
    return answersPing(this.client);
  }

  stats(): { running: number; queued: number } {
    return { running: this.startedWorker?.running ?? 0, queued: 0 };
  }

  async close(graceMs: number): Promise<void> {
    const worker = await this.worker;
    await worker?.close(graceMs);
    await this.queue.close().catch(() => {});
    this.client.disconnect();
  }

  private async startWorker(options: BullmqJobsOptions): Promise<TranslationWorker> {
    await applyQueueLimits(options, this.connectTimeoutMs);
    const worker = new TranslationWorker(options, {
      translate: this.context.translate,
      concurrency: this.context.concurrency,
      timeoutMs: this.context.timeoutMs,
      logger: this.context.logger,
    });
    this.startedWorker = worker;
    return worker;
  }

  /** Seconds until the jobs ahead have gone through, from the completions BullMQ counted in the last minutes. */
  private async retryAfter(waiting: number): Promise<number> {
    const metrics = await this.queue.getMetrics('completed', 0, 4);
    const perMinute = metrics.data.reduce((sum, count) => sum + Number(count), 0) / Math.max(1, metrics.data.length);
    if (!(perMinute > 0)) return UNKNOWN_THROUGHPUT_RETRY_SECONDS;
    return Math.min(3600, Math.max(1, Math.ceil(((waiting + 1) / perMinute) * 60)));
  }

  /** A queue call: the first ones wait (bounded) for the first connection; while Redis is away, 503 at once. */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      if (!this.everReady) {
        // One wait shared by every request that arrives before the first connection.
        this.firstReady ??= waitUntilReady(this.client, this.connectTimeoutMs).finally(() => (this.firstReady = undefined));
        await this.firstReady;
      }
      if (this.client.status !== 'ready') throw new JobStoreUnavailableError(UNAVAILABLE, { retryAfterSeconds: this.retryAfterSeconds });
      return await command();
    } catch (error) {
      if (error instanceof HttpError || error instanceof JobStoreUnavailableError) throw error;
      const mapped = asStoreError(error, this.retryAfterSeconds);
      throw mapped instanceof JobStoreUnavailableError
        ? new JobStoreUnavailableError(UNAVAILABLE, { cause: error, retryAfterSeconds: this.retryAfterSeconds })
        : mapped;
    }
  }
}
