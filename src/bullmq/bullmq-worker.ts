import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { TranslateResponse } from '../api-types.js';
import { errorDetails, stderrLogger, type Logger } from '../logger.js';
import { waitUntilReady } from '../redis/redis-connection.js';
import type { TranslateFunction } from '../translation/translator.js';
import type { TranslationJobData } from './job-data.js';
import { JobProcessor } from './job-processor.js';
import { BULLMQ_DEFAULTS, positiveInteger, type BullmqQueueSettings, type BullmqWorkerSettings } from './settings.js';

/** Options of `startBullmqWorker`: a worker process without HTTP. */
export interface BullmqWorkerOptions extends BullmqQueueSettings, BullmqWorkerSettings {
  /** Your backend, as for `createByoEngine`. */
  translate: TranslateFunction;
  /** Jobs this process translates at once. Default 4. */
  concurrency?: number;
  /** A translation running longer fails (and is retried while attempts remain). Default 300,000 ms. */
  timeoutMs?: number;
  /** Where warnings and errors go. Default: JSON lines on stderr. */
  logger?: Logger;
  /** Close on SIGTERM and SIGINT (with `graceMs`). Default true. */
  stopOnSignals?: boolean;
  /** On a signal: how long running jobs may go on before they are handed back to the queue. Default 10,000 ms. */
  graceMs?: number;
}

/** A running worker. */
export interface BullmqWorker {
  /** Jobs this process is translating now. */
  readonly running: number;
  /** Stops taking jobs; running jobs get `graceMs` to finish, then go back to the queue for another worker. */
  close(graceMs?: number): Promise<void>;
  /** Resolves once the worker has closed (after `close`, or a signal). */
  readonly closed: Promise<void>;
}

/** The worker of one process: used by `startBullmqWorker` and by the in-process worker of `bullmqJobs`. */
export class TranslationWorker implements BullmqWorker {
  readonly closed: Promise<void>;
  private readonly processor: JobProcessor;
  private readonly worker: Worker<TranslationJobData, TranslateResponse>;
  private readonly connection: Redis;
  private closing: Promise<void> | undefined;
  private markClosed!: () => void;
  private outage = false;

  constructor(
    settings: BullmqQueueSettings & BullmqWorkerSettings,
    options: { translate: TranslateFunction; concurrency: number; timeoutMs: number; logger: Logger },
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
    const logger = options.logger;
    this.processor = new JobProcessor(options.translate, options.timeoutMs, logger);
    // Workers block on Redis and must never give up a command: BullMQ requires maxRetriesPerRequest null here.
    this.connection = new Redis(settings.url ?? BULLMQ_DEFAULTS.url, { ...settings.redisOptions, maxRetriesPerRequest: null });
    const rateLimit = settings.rateLimit;
    if (rateLimit) {
      positiveInteger('rateLimit.max', rateLimit.max);
      positiveInteger('rateLimit.durationMs', rateLimit.durationMs);
    }
    this.worker = new Worker<TranslationJobData, TranslateResponse>(settings.queue ?? BULLMQ_DEFAULTS.queue, this.processor.process, {
      connection: this.connection,
      prefix: settings.prefix ?? BULLMQ_DEFAULTS.prefix,
      concurrency: options.concurrency,
      lockDuration: positiveInteger('lockMs', settings.lockMs, BULLMQ_DEFAULTS.lockMs),
      stalledInterval: positiveInteger('stalledIntervalMs', settings.stalledIntervalMs, BULLMQ_DEFAULTS.stalledIntervalMs),
      maxStalledCount: settings.maxStalledCount ?? BULLMQ_DEFAULTS.maxStalledCount,
      metrics: { maxDataPoints: 60 }, // per-minute counts: the throughput behind the front-ends' Retry-After
      ...(rateLimit && { limiter: { max: rateLimit.max, duration: rateLimit.durationMs } }),
    });
    // An outage is reported once; BullMQ reconnects by itself.
    this.worker.on('error', (error) => {
      if (!this.outage) logger.warn(errorDetails(error), 'job worker cannot reach Redis; retrying');
      this.outage = true;
    });
    this.connection.on('ready', () => {
      if (this.outage) logger.info({}, 'job worker reconnected to Redis');
      this.outage = false;
    });
  }

  get running(): number {
    return this.processor.running;
  }

  close(graceMs: number = 10_000): Promise<void> {
    this.closing ??= (async () => {
      const finished = this.worker.close(); // takes no new job, waits for the running ones
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'grace-over'>((resolve) => (timer = setTimeout(() => resolve('grace-over'), graceMs)));
      const outcome = await Promise.race([finished.then(() => 'finished' as const), graceOver]);
      clearTimeout(timer);
      if (outcome === 'grace-over') {
        this.processor.handBack();
        await finished;
      }
      this.connection.disconnect();
      this.markClosed();
    })();
    return this.closing;
  }
}

/** Applies the queue-wide limits (global concurrency) that a worker was configured with. */
export async function applyQueueLimits(settings: BullmqQueueSettings & BullmqWorkerSettings, connectTimeoutMs: number): Promise<void> {
  const globalConcurrency = positiveInteger('globalConcurrency', settings.globalConcurrency);
  if (globalConcurrency === undefined) return;
  const client = new Redis(settings.url ?? BULLMQ_DEFAULTS.url, { ...settings.redisOptions, maxRetriesPerRequest: 1 });
  client.on('error', () => {}); // reported by waitUntilReady
  const queue = new Queue(settings.queue ?? BULLMQ_DEFAULTS.queue, {
    connection: client,
    prefix: settings.prefix ?? BULLMQ_DEFAULTS.prefix,
  });
  try {
    await waitUntilReady(client, connectTimeoutMs);
    await queue.setGlobalConcurrency(globalConcurrency);
  } finally {
    await queue.close();
    client.disconnect();
  }
}

/**
 * Starts a worker without HTTP: it takes translation jobs from the queue that front-ends (`bullmqJobs` with
 * `worker: false`, or with their own worker) fill, until SIGTERM/SIGINT (or `close`). Rejects with a clear
 * error when Redis cannot be reached within `connectTimeoutMs`.
 */
export async function startBullmqWorker(options: BullmqWorkerOptions): Promise<BullmqWorker> {
  if (typeof options?.translate !== 'function') throw new Error('byo-engine/bullmq: options.translate must be a function');
  const logger = options.logger ?? stderrLogger;
  const connectTimeoutMs = positiveInteger('connectTimeoutMs', options.connectTimeoutMs, BULLMQ_DEFAULTS.connectTimeoutMs);
  await applyQueueLimits(options, connectTimeoutMs);
  const worker = new TranslationWorker(options, {
    translate: options.translate,
    concurrency: positiveInteger('concurrency', options.concurrency, 4),
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, 300_000),
    logger,
  });
  if (options.stopOnSignals !== false) {
    const stop = () => void worker.close(options.graceMs ?? 10_000);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    void worker.closed.then(() => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    });
  }
  return worker;
}
