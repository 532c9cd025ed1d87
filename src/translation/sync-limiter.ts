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
  }

  /** Translations running and waiting for a slot now. */
  stats(): { running: number; queued: number } {
    return { running: this.running, queued: this.queued };
  }

  /** Runs `work` in a slot. `work` gets a signal that fires when the caller goes away or at shutdown. */
  run<T>(work: (signal: AbortSignal) => Promise<T>, callerSignal?: AbortSignal): Promise<T> {
    if (this.running + this.queued >= this.concurrency + this.maxQueued) {
      const waiting = Math.max(0, this.running + this.queued - this.concurrency);
      throw new HttpError(429, `Too many translations at once (${this.running} running, ${waiting} waiting); retry later`, {
        'retry-after': String(estimateRetryAfterSeconds(waiting, this.concurrency, this.durations.ms)),
      });
    }
    this.queued++;
    const { signal, release } = this.combinedSignal(callerSignal);
    const done = this.slots
      .runExclusive(async () => {
        this.queued--;
        this.running++;
        const startedAt = Date.now();
        try {
          return await work(signal);
        } finally {
          this.running--;
          this.durations.add(Date.now() - startedAt);
        }
      })
      .finally(release);
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

  /** The caller's signal joined with the shutdown signal; `release` drops the listeners so nothing piles up. */
  private combinedSignal(callerSignal: AbortSignal | undefined): { signal: AbortSignal; release: () => void } {
    if (!callerSignal) return { signal: this.shutdown.signal, release: () => {} };
    const controller = new AbortController();
    const onAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
    for (const source of [callerSignal, this.shutdown.signal]) {
      if (source.aborted) controller.abort(source.reason);
      else source.addEventListener('abort', onAbort, { once: true });
    }
    const release = () => {
      callerSignal.removeEventListener('abort', onAbort);
      this.shutdown.signal.removeEventListener('abort', onAbort);
    };
    return { signal: controller.signal, release };
  }
}
