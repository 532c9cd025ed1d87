import type { TranslateRequest, TranslateResponse } from '../api-types.js';
import type { Principal } from '../auth/principal.js';
import { HttpError } from '../http/http-error.js';
import { estimateRetryAfterSeconds } from '../http/retry-after.js';
import { childLogger, errorDetails, type Logger } from '../logger.js';
import { phraseIds } from '../telemetry/phrase-ids.js';
import type { JobTelemetry } from '../telemetry/telemetry.js';
import { buildTranslateResponse, runTranslator } from '../translation/run-translator.js';
import type { TranslateFunction, TranslatedItem } from '../translation/translator.js';
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js';
import { TranslatorFailure, describeTranslatorError } from '../translation/translator-failure.js';
import type { JobStore } from './job-store.js';
import { unrefTimer } from './unref-timer.js';
import { nodeBuiltin } from '../runtime/node-builtins.js';
import { Slots } from '../slots.js';
import type { RunOptions } from '../translation/run-translator.js';

/** What one attempt gave: the job's result, or why it failed (with the backend's failure, for a retry). */
type AttemptOutcome = { result: TranslateResponse } | { detail: string; failure?: TranslatorFailure };

export interface JobRunnerOptions {
  store: JobStore;
  translate: TranslateFunction;
  concurrency: number;
  maxQueued: number;
  timeoutMs: number;
  logger: Logger;
}

const SHUTDOWN_DETAIL = 'the translation server shut down before the job finished; submit it again';

/** Further attempts of a job whose backend was busy (429) or unavailable (5xx, timeout). */
export const BACKEND_RETRIES = 3;
/** A backend asking to wait longer than this fails the job now rather than hold it. */
export const MAX_BACKEND_WAIT_SECONDS = 60;

/**
 * Milliseconds before trying a job again after `failure` on attempt `attempt` (1-based): what the backend
 * asked for, else 1 s, 2 s, 4 s. `undefined`: do not try again (another kind of failure, no attempts left,
 * or a wait over MAX_BACKEND_WAIT_SECONDS).
 */
export function backendRetryDelayMs(failure: TranslatorFailure, attempt: number): number | undefined {
  if (failure.kind !== 'backend-busy' && failure.kind !== 'backend-unavailable') return undefined;
  if (attempt > BACKEND_RETRIES) return undefined;
  const seconds = failure.retryAfterSeconds ?? 2 ** (attempt - 1);
  return seconds > MAX_BACKEND_WAIT_SECONDS ? undefined : seconds * 1000;
}

/** A failed job's detail; after a busy or unavailable backend, why it was not tried again. */
function finalDetail(detail: string, failure: TranslatorFailure | undefined, attempts: number): string {
  if (failure?.kind !== 'backend-busy' && failure?.kind !== 'backend-unavailable') return detail;
  const wait = failure.retryAfterSeconds;
  if (wait !== undefined && wait > MAX_BACKEND_WAIT_SECONDS) {
    return `${detail} (the backend asked to wait ${wait} s, longer than the ${MAX_BACKEND_WAIT_SECONDS} s a job waits)`;
  }
  return `${detail} (gave up after ${attempts} attempts)`;
}

/** Runs async jobs in this process, at most `concurrency` at a time, with a bounded queue. */
export class JobRunner {
  private readonly slots: Slots;
  /** Aborts running jobs when the grace period is over; one for all jobs, cheaper than one per job. */
  private readonly shutdown = new AbortController();
  /** The translator run's options, the same for every job. */
  private readonly runOptions: RunOptions;
  /** Jobs started and not yet settled (their outcome stored or logged). */
  private inFlight = 0;
  /** `close` waiting for `inFlight` to reach 0. */
  private idleWaiters: (() => void)[] = [];
  private queued = 0;
  /** Places held by `holdPlace` for jobs still being stored: they count against `maxQueued` too. */
  private reserved = 0;
  private running = 0;
  /** Moving average of job durations, for an honest Retry-After. */
  private averageJobMs = 1000;
  private stopping = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.slots = new Slots(options.concurrency);
    this.runOptions = { timeoutMs: options.timeoutMs, signals: [this.shutdown.signal] };
    // Every running job listens to it: no leak warning past 10 (Node's; other runtimes warn of nothing).
    nodeBuiltin('node:events')?.setMaxListeners(0, this.shutdown.signal);
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
   * Like `assertCapacity`, and holds a place in the queue until `releasePlace` (call it right before `start`, or
   * when storing the job failed). Without it, submissions arriving while a store is still creating earlier jobs
   * would all pass the check.
   */
  holdPlace(): void {
    this.assertCapacity();
    this.reserved++;
  }

  /** Gives back a place taken by `holdPlace` (once per `holdPlace`). */
  releasePlace(): void {
    this.reserved--;
  }

  /** Seconds until the queue has drained by one round of slots, estimated from recent job durations. */
  retryAfterSeconds(): number {
    return estimateRetryAfterSeconds(this.queued + this.reserved, this.options.concurrency, this.averageJobMs);
  }

  /** Starts the job in the background; its outcome goes to the store. */
  start(id: string, request: TranslateRequest, principal: Principal, telemetry?: JobTelemetry): void {
    this.queued++;
    this.inFlight++;
    void this.settle(id, request, principal, telemetry);
  }

  /** Runs the job; logs what the run itself could not store; counts it settled. Never rejects. */
  private async settle(id: string, request: TranslateRequest, principal: Principal, telemetry?: JobTelemetry): Promise<void> {
    try {
      await this.run(id, request, principal, telemetry);
    } catch (error) {
      telemetry?.finished('failed', error instanceof Error ? error.message : String(error));
      this.jobLogger(id, request, principal).error(errorDetails(error), 'job runner error');
    } finally {
      if (--this.inFlight === 0 && this.idleWaiters.length > 0) {
        for (const resolve of this.idleWaiters) resolve();
        this.idleWaiters = [];
      }
    }
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
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Runs the job in a slot; when the backend was busy or unavailable, waits (without holding a slot, counted
   * as queued) and runs it again, up to BACKEND_RETRIES times. The outcome goes to the store.
   */
  private async run(id: string, request: TranslateRequest, principal: Principal, telemetry?: JobTelemetry): Promise<void> {
    const { store } = this.options;
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        if (!this.slots.tryTake()) await this.slots.wait();
        let outcome: AttemptOutcome;
        try {
          this.queued--;
          heartbeat ??= this.startHeartbeat(id);
          const attempted = this.attempt(id, request, principal, telemetry);
          outcome = isPromiseLike(attempted) ? await attempted : attempted;
        } finally {
          this.slots.release();
        }
        // A store error here is the store's, not the translator's: it reaches the runner's error log.
        if ('result' in outcome) {
          await store.complete(id, outcome.result);
          return void telemetry?.finished('done');
        }
        const delayMs = outcome.failure ? backendRetryDelayMs(outcome.failure, attempt) : undefined;
        if (delayMs === undefined) {
          const detail = finalDetail(outcome.detail, outcome.failure, attempt);
          await store.fail(id, detail);
          return void telemetry?.finished('failed', detail);
        }
        this.jobLogger(id, request, principal).warn(
          { attempt, delayMs },
          'translation backend busy or unavailable; the job will be tried again',
        );
        this.queued++;
        if (!(await this.waitForRetry(delayMs))) {
          this.queued--;
          await store.fail(id, SHUTDOWN_DETAIL);
          return void telemetry?.finished('failed', SHUTDOWN_DETAIL);
        }
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** A child logger for one job, made only when the job has something to log. */
  private jobLogger(id: string, request: TranslateRequest, principal: Principal): Logger {
    return childLogger(this.options.logger, { jobId: id, principal: principal.name, ...phraseIds(request) });
  }

  /** Resolves `true` after `delayMs`, `false` at once when the grace period of a close is over. */
  private waitForRetry(delayMs: number): Promise<boolean> {
    const signal = this.shutdown.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const abort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', abort);
        resolve(!this.stopping);
      }, delayMs);
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  /**
   * One translation of the job, in a slot: the outcome at once when the translator answered at once (no promise,
   * no microtask turn), else a promise of it. Never throws or rejects: a failure is an outcome.
   */
  private attempt(id: string, request: TranslateRequest, principal: Principal, telemetry?: JobTelemetry): MaybePromise<AttemptOutcome> {
    if (this.stopping) return { detail: SHUTDOWN_DETAIL };
    this.running++;
    const startedAt = Date.now();
    let items: MaybePromise<readonly TranslatedItem[]>;
    try {
      const translate = () => runTranslator(this.options.translate, request, { principal, mode: 'async', jobId: id }, this.runOptions);
      items = telemetry ? telemetry.within(telemetry.started(), translate) : translate();
    } catch (error) {
      return this.attemptOver(id, request, principal, telemetry, startedAt, undefined, error);
    }
    if (!isPromiseLike(items)) return this.attemptOver(id, request, principal, telemetry, startedAt, items);
    return Promise.resolve(items).then(
      (settled) => this.attemptOver(id, request, principal, telemetry, startedAt, settled),
      (error: unknown) => this.attemptOver(id, request, principal, telemetry, startedAt, undefined, error),
    );
  }

  /** The outcome of an attempt whose translator answered `items` or failed with `error`. */
  private attemptOver(
    id: string,
    request: TranslateRequest,
    principal: Principal,
    telemetry: JobTelemetry | undefined,
    startedAt: number,
    items: readonly TranslatedItem[] | undefined,
    error?: unknown,
  ): AttemptOutcome {
    try {
      if (items === undefined) throw error;
      telemetry?.translated('ok');
      return { result: buildTranslateResponse(request, items) };
    } catch (caught) {
      const failure = describeTranslatorError(caught);
      telemetry?.translated(failure.kind, failure.message);
      if (failure.kind.startsWith('backend') || failure.kind === 'error') {
        this.jobLogger(id, request, principal).warn(errorDetails(caught), 'translator failed');
      }
      return { detail: failure.message, failure };
    } finally {
      this.averageJobMs = 0.8 * this.averageJobMs + 0.2 * (Date.now() - startedAt);
      this.running--;
    }
  }

  private startHeartbeat(id: string): NodeJS.Timeout | undefined {
    const { store, logger } = this.options;
    if (!store.heartbeat || !store.heartbeatIntervalMs) return undefined;
    const timer = setInterval(() => {
      store.heartbeat!(id).catch((error: unknown) => logger.warn({ jobId: id, ...errorDetails(error) }, 'job heartbeat failed'));
    }, store.heartbeatIntervalMs);
    unrefTimer(timer);
    return timer;
  }
}
