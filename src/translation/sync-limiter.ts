import { setMaxListeners } from 'node:events';
import { Semaphore } from 'async-mutex';
import { HttpError } from '../http/http-error.js';
import { DurationAverage, estimateRetryAfterSeconds } from '../http/retry-after.js';
import { TranslatorFailure } from './translator-failure.js';

export const SYNC_SHUTDOWN_MESSAGE = 'the translation server shut down before the translation finished; send the request again';

/**
 * Bounds synchronous `/translate` work: at most `concurrency` translations at a time, at most `maxQueued`
 * waiting for a slot, 429 with a computed Retry-After beyond that. `close` lets running work finish
 * within a grace period, then aborts it (the translator's signal fires with a shutdown reason).
 */
export class SyncLimiter {
  private readonly slots: Semaphore;
  private readonly shutdown = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly durations = new DurationAverage();
  private running = 0;
  private queued = 0;

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {
    // async-mutex cannot take Infinity; a large integer means "practically unlimited".
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('byo-engine: sync.concurrency must be a positive integer');
    if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new Error('byo-engine: sync.maxQueued must be an integer of 0 or more');
    this.slots = new Semaphore(concurrency);
    // Every running translation listens to it: no leak warning past 10.
    setMaxListeners(0, this.shutdown.signal);
  }

  /** Translations running and waiting for a slot now. */
  stats(): { running: number; queued: number } {
    return { running: this.running, queued: this.queued };
  }

  /** Runs `work` in a slot. `work` gets the signals that fire when the caller goes away and at shutdown. */
  run<T>(work: (signals: readonly (AbortSignal | undefined)[]) => Promise<T>, callerSignal?: AbortSignal): Promise<T> {
    if (this.running + this.queued >= this.concurrency + this.maxQueued) {
      const waiting = Math.max(0, this.running + this.queued - this.concurrency);
      throw new HttpError(
        429,
        `Too many translations at once (${this.running} running, ${waiting} waiting); retry later`,
        {
          'retry-after': String(estimateRetryAfterSeconds(waiting, this.concurrency, this.durations.ms)),
        },
        'sync_busy',
      );
    }
    this.queued++;
    const signals = [callerSignal, this.shutdown.signal];
    const done = this.slots.runExclusive(async () => {
      this.queued--;
      this.running++;
      const startedAt = Date.now();
      try {
        return await work(signals);
      } finally {
        this.running--;
        this.durations.add(Date.now() - startedAt);
      }
    });
    const settled = done.then(
      () => {},
      () => {},
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return done;
  }

  /** Lets running and waiting work finish for up to `graceMs`, then aborts it; resolves when all settled. */
  async close(graceMs: number): Promise<void> {
    const drained = this.settleAll().then(() => 'drained' as const);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace-over'>((resolve) => {
      timer = setTimeout(() => resolve('grace-over'), graceMs);
    });
    const outcome = await Promise.race([drained, graceOver]);
    clearTimeout(timer);
    if (outcome === 'drained') return;
    this.shutdown.abort(new TranslatorFailure('aborted', SYNC_SHUTDOWN_MESSAGE));
    await this.settleAll();
  }

  /** Waits until nothing is in flight, including work that started while waiting. */
  private async settleAll(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
