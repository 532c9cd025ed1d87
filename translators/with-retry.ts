import { setTimeout as sleepFor } from 'node:timers/promises';
import type { TranslateFunction } from '../src/index.js';
import { isTransientEngineError } from './engine-errors.js';

/** What `onRetry` is told about a failed attempt. */
export interface RetryInfo {
  /** The attempt that failed (1 = the first call). */
  attempt: number;
  /** Milliseconds before the next attempt. */
  delayMs: number;
  error: unknown;
}

/** Options of `withRetry`: how often and how long to wait before retrying a transient failure. */
export interface RetryOptions {
  /** Further attempts after the first. Default 3. */
  retries?: number;
  /**
   * Milliseconds to wait before retry `n` (1-based) when the engine did not send `Retry-After`.
   * Default: exponential from 250 ms, doubled each time, with jitter, at most 10 s.
   */
  backoff?: (retry: number) => number;
  /** A `Retry-After` longer than this fails the request now instead of waiting. Default 60. */
  maxRetryAfterSeconds?: number;
  /** Which errors are worth another attempt. Default `isTransientEngineError` (429, 5xx, network). */
  isTransient?: (error: unknown) => boolean;
  /** Called before each wait, for logs or metrics. */
  onRetry?: (info: RetryInfo) => void;
  /** How to wait; rejects when the signal fires. Replaceable so tests need not wait. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The default backoff: `baseMs` doubled per retry, capped at `maxMs`, with jitter in its upper half. */
export function exponentialBackoff(retry: number, baseMs = 250, maxMs = 10_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

const abortableSleep = (ms: number, signal: AbortSignal) => sleepFor(ms, undefined, { signal });

/**
 * Calls the translator again after a transient engine error (HTTP 429 or 5xx, or a network failure),
 * waiting as long as the engine's `Retry-After` says, or the backoff otherwise. A request the engine
 * rejected (any other 4xx) fails at once. Stops as soon as the request's AbortSignal fires.
 */
export function withRetry(translate: TranslateFunction, options: RetryOptions = {}): TranslateFunction {
  const retries = options.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0)
    throw new RangeError(`withRetry: retries must be a whole number of at least 0, got ${retries}`);
  const backoff = options.backoff ?? ((retry: number) => exponentialBackoff(retry));
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
  const isTransient = options.isTransient ?? isTransientEngineError;
  const sleep = options.sleep ?? abortableSleep;

  return async (request, context) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await translate(request, context);
      } catch (error) {
        if (context.signal.aborted) throw error;
        if (!isTransient(error)) throw attempt === 1 ? error : gaveUp(error, attempt, 'the error is not transient');
        if (attempt > retries) throw gaveUp(error, attempt, 'no retries left');
        const retryAfter = retryAfterSecondsOf(error);
        if (retryAfter !== undefined && retryAfter > maxRetryAfterSeconds) {
          throw gaveUp(error, attempt, `the engine asked to wait ${retryAfter} s, more than the ${maxRetryAfterSeconds} s allowed`);
        }
        const delayMs = retryAfter !== undefined ? retryAfter * 1000 : backoff(attempt);
        options.onRetry?.({ attempt, delayMs, error });
        try {
          await sleep(delayMs, context.signal);
        } catch {
          throw gaveUp(error, attempt, 'the request was cancelled while waiting to retry');
        }
      }
    }
  };
}

function retryAfterSecondsOf(error: unknown): number | undefined {
  const value = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The last error, its message saying how many attempts were made; the error itself stays as `cause`. */
function gaveUp(error: unknown, attempts: number, why: string): Error {
  const reason = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(`${reason} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${why})`, { cause: error });
  wrapped.name = 'RetriesExhaustedError';
  return wrapped;
}
