import { HttpError } from '../http/http-error.js';
import { DurationAverage, estimateRetryAfterSeconds } from '../http/retry-after.js';
import { TranslatorFailure } from './translator-failure.js';
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js';
import { nodeBuiltin } from '../runtime/node-builtins.js';
import { Slots } from '../slots.js';

export const SYNC_SHUTDOWN_MESSAGE = 'the translation server shut down before the translation finished; send the request again';

/**
 * Bounds synchronous `/translate` work: at most `concurrency` translations at a time, at most `maxQueued`
 * waiting for a slot, 429 with a computed Retry-After beyond that. `close` lets running work finish
 * within a grace period, then aborts it (the translator's signal fires with a shutdown reason).
 */
export class SyncLimiter {
  private readonly shutdown = new AbortController();
  /** Fires at shutdown, after the grace period: what every translation in a slot listens to. */
  readonly shutdownSignals: readonly AbortSignal[] = [this.shutdown.signal];
  /** A finishing run hands its slot to the first caller waiting. */
  private readonly slots: Slots;
  /** `close` waiting for nothing to be in flight. */
  private idleWaiters: (() => void)[] = [];
  private readonly durations = new DurationAverage();
  private queued = 0;

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('byo-engine: sync.concurrency must be a positive integer');
    if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new Error('byo-engine: sync.maxQueued must be an integer of 0 or more');
    // Every running translation listens to it: no leak warning past 10 (Node's; other runtimes warn of nothing).
    nodeBuiltin('node:events')?.setMaxListeners(0, this.shutdown.signal);
    this.slots = new Slots(concurrency);
  }

  private get running(): number {
    return this.slots.taken;
  }

  /** Translations running and waiting for a slot now. */
  stats(): { running: number; queued: number } {
    return { running: this.running, queued: this.queued };
  }

  /**
   * Runs `work` in a slot (it listens to `shutdownSignals`). Counted by hand rather than with a semaphore: a free
   * slot costs no promise, queue or lock per request, and work that answers at once is answered at once.
   */
  run<T>(work: () => MaybePromise<T>): MaybePromise<T> {
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
    if (this.slots.tryTake()) return this.inSlot(work);
    this.queued++;
    return this.slots.wait().then(() => {
      this.queued--;
      return this.inSlot(work);
    });
  }

  /** Runs `work` in a slot already taken, then hands the slot on. */
  private inSlot<T>(work: () => MaybePromise<T>): MaybePromise<T> {
    const startedAt = Date.now();
    let result: MaybePromise<T>;
    try {
      result = work();
    } catch (error) {
      this.release(startedAt);
      throw error;
    }
    if (!isPromiseLike(result)) {
      this.release(startedAt);
      return result;
    }
    return Promise.resolve(result).finally(() => this.release(startedAt));
  }

  private release(startedAt: number): void {
    this.durations.add(Date.now() - startedAt);
    this.slots.release();
    if (this.running + this.queued === 0 && this.idleWaiters.length > 0) {
      for (const resolve of this.idleWaiters) resolve();
      this.idleWaiters = [];
    }
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

  /** Waits until nothing is running or waiting, including work that started while waiting. */
  private async settleAll(): Promise<void> {
    while (this.running + this.queued > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
