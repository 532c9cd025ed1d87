import { setMaxListeners } from 'node:events';
import { Semaphore } from 'async-mutex';
import type { TranslateRequest, TranslateResponse } from '../api-types.js';
import type { Principal } from '../auth/principal.js';
import { HttpError } from '../http/http-error.js';
import { estimateRetryAfterSeconds } from '../http/retry-after.js';
import { childLogger, errorDetails, type Logger } from '../logger.js';
import { phraseIds } from '../telemetry/phrase-ids.js';
import type { JobTelemetry } from '../telemetry/telemetry.js';
import { buildTranslateResponse, runTranslator } from '../translation/run-translator.js';
import type { TranslateFunction } from '../translation/translator.js';
import { TranslatorFailure, describeTranslatorError } from '../translation/translator-failure.js';
import type { JobStore } from './job-store.js';

export interface JobRunnerOptions {
  store: JobStore;
  translate: TranslateFunction;
  concurrency: number;
  maxQueued: number;
  timeoutMs: number;
  logger: Logger;
}

const SHUTDOWN_DETAIL = 'the translation server shut down before the job finished; submit it again';

/** Runs async jobs in this process, at most `concurrency` at a time, with a bounded queue. */
export class JobRunner {
  private readonly slots: Semaphore;
  /** Aborts running jobs when the grace period is over; one for all jobs, cheaper than one per job. */
  private readonly shutdown = new AbortController();
  private readonly settled = new Set<Promise<void>>();
  private queued = 0;
  /** Places held by `reserve` for jobs still being stored: they count against `maxQueued` too. */
  private reserved = 0;
  private running = 0;
  /** Moving average of job durations, for an honest Retry-After. */
  private averageJobMs = 1000;
  private stopping = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.slots = new Semaphore(options.concurrency);
    setMaxListeners(0, this.shutdown.signal); // every running job listens to it: no leak warning past 10
  }

  /** Jobs running and waiting now. */
  stats(): { running: number; queued: number } {
    return { running: this.running, queued: this.queued };
  }

  /** Throws a 429 with Retry-After when the queue is full. Call before creating the job. */
  assertCapacity(): void {
    const waiting = this.queued + this.reserved;
    if (waiting < this.options.maxQueued) return;
    throw new HttpError(
      429,
      `The translation queue is full (${waiting} jobs waiting); retry later`,
      {
        'retry-after': String(this.retryAfterSeconds()),
      },
      'queue_full',
    );
  }

  /**
   * Like `assertCapacity`, and holds a place in the queue until the returned function is called (call it
   * right before `start`, or when storing the job failed). Without it, submissions arriving while a store
   * is still creating earlier jobs would all pass the check.
   */
  reserve(): () => void {
    this.assertCapacity();
    this.reserved++;
    let held = true;
    return () => {
      if (held) this.reserved--;
      held = false;
    };
  }

  /** Seconds until the queue has drained by one round of slots, estimated from recent job durations. */
  retryAfterSeconds(): number {
    return estimateRetryAfterSeconds(this.queued + this.reserved, this.options.concurrency, this.averageJobMs);
  }

  /** Starts the job in the background; its outcome goes to the store. */
  start(id: string, request: TranslateRequest, principal: Principal, telemetry?: JobTelemetry): void {
    this.queued++;
    const done = this.slots
      .runExclusive(() => {
        this.queued--;
        return this.execute(id, request, principal, telemetry);
      })
      .catch((error: unknown) => {
        telemetry?.finished('failed', error instanceof Error ? error.message : String(error));
        this.jobLogger(id, request, principal).error(errorDetails(error), 'job runner error');
      })
      .finally(() => this.settled.delete(done));
    this.settled.add(done);
  }

  /** Lets jobs finish for up to `graceMs`, then fails the rest with a shutdown detail. */
  async close(graceMs: number): Promise<void> {
    const waitForJobs = this.settleAll();
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace-over'>((resolve) => {
      timer = setTimeout(() => resolve('grace-over'), graceMs);
    });
    const outcome = await Promise.race([waitForJobs.then(() => 'drained' as const), graceOver]);
    clearTimeout(timer);
    if (outcome === 'drained') return;
    this.stopping = true;
    this.shutdown.abort(new TranslatorFailure('aborted', SHUTDOWN_DETAIL));
    await this.settleAll();
  }

  /** Waits until no job is in flight, including jobs that a request racing the close started meanwhile. */
  private async settleAll(): Promise<void> {
    while (this.settled.size > 0) await Promise.allSettled([...this.settled]);
  }

  private async execute(id: string, request: TranslateRequest, principal: Principal, telemetry?: JobTelemetry): Promise<void> {
    const { store } = this.options;
    if (this.stopping) {
      await store.fail(id, SHUTDOWN_DETAIL);
      telemetry?.finished('failed', SHUTDOWN_DETAIL);
      return;
    }
    this.running++;
    const heartbeat = this.startHeartbeat(id);
    const startedAt = Date.now();
    try {
      let outcome: { result: TranslateResponse } | { detail: string };
      try {
        const translate = () =>
          runTranslator(
            this.options.translate,
            request,
            { principal, mode: 'async', jobId: id },
            { timeoutMs: this.options.timeoutMs, signals: [this.shutdown.signal] },
          );
        const items = await (telemetry ? telemetry.within(telemetry.started(), translate) : translate());
        telemetry?.translated('ok');
        outcome = { result: buildTranslateResponse(request, items) };
      } catch (error) {
        const failure = describeTranslatorError(error);
        telemetry?.translated(failure.kind, failure.message);
        if (failure.kind === 'error') this.jobLogger(id, request, principal).warn(errorDetails(error), 'translator failed');
        outcome = { detail: failure.message };
      }
      // A store error here is the store's, not the translator's: it reaches the runner's error log.
      if ('result' in outcome) await store.complete(id, outcome.result);
      else await store.fail(id, outcome.detail);
      telemetry?.finished('result' in outcome ? 'done' : 'failed', 'detail' in outcome ? outcome.detail : undefined);
    } finally {
      clearInterval(heartbeat);
      this.averageJobMs = 0.8 * this.averageJobMs + 0.2 * (Date.now() - startedAt);
      this.running--;
    }
  }

  /** A child logger for one job, made only when the job has something to log. */
  private jobLogger(id: string, request: TranslateRequest, principal: Principal): Logger {
    return childLogger(this.options.logger, { jobId: id, principal: principal.name, ...phraseIds(request) });
  }

  private startHeartbeat(id: string): NodeJS.Timeout | undefined {
    const { store, logger } = this.options;
    if (!store.heartbeat || !store.heartbeatIntervalMs) return undefined;
    const timer = setInterval(() => {
      store.heartbeat!(id).catch((error: unknown) => logger.warn({ jobId: id, ...errorDetails(error) }, 'job heartbeat failed'));
    }, store.heartbeatIntervalMs);
    timer.unref();
    return timer;
  }
}
