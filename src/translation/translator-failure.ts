import { backendStatusOf, isUnavailableStatus } from './backend-status.js';

/**
 * - `backend-busy`: the backend answered 429. `backend-unavailable`: it answered 408 or a transient 5xx, or
 *   timed out. Both may pass later (`retryAfterSeconds` when the backend said). `backend-rejected`: it refused
 *   the request (another 4xx, 501, 505).
 */
export type TranslatorFailureKind =
  'timeout' | 'bad-output' | 'error' | 'aborted' | 'backend-busy' | 'backend-unavailable' | 'backend-rejected';

/** Why a translation did not produce a usable answer; `message` is safe to show to Phrase's users. */
export class TranslatorFailure extends Error {
  /** Seconds the backend asked to wait, for `backend-busy` and `backend-unavailable`. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: TranslatorFailureKind,
    message: string,
    /**
     * `cause`: what the translator threw, when it threw (kept out of answers; the log shows its stack, a job
     * backend reads its HTTP `status`). `retryAfterSeconds`: seconds the backend asked to wait, for
     * `backend-busy` and `backend-unavailable`.
     */
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'TranslatorFailure';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

const MAX_DETAIL_LENGTH = 500;

const bounded = (message: string) => (message.length > MAX_DETAIL_LENGTH ? `${message.slice(0, MAX_DETAIL_LENGTH)}...` : message);

/** Turns whatever a translator threw into a failure with a readable, bounded message. */
export function describeTranslatorError(error: unknown): TranslatorFailure {
  if (error instanceof TranslatorFailure) return error;
  const message =
    error instanceof Error && error.message
      ? `translator failed: ${error.message}`
      : `translator failed with ${typeof error === 'string' ? `"${error}"` : 'a value that is not an Error'}`;
  const backend = backendStatusOf(error);
  if (backend?.status === 429) {
    return new TranslatorFailure('backend-busy', bounded(`the translation backend is rate limiting (HTTP 429): ${message}`), {
      cause: error,
      retryAfterSeconds: backend.retryAfterSeconds,
    });
  }
  if (backend && isUnavailableStatus(backend.status)) {
    const text = `the translation backend is unavailable (HTTP ${backend.status}): ${message}`;
    return new TranslatorFailure('backend-unavailable', bounded(text), { cause: error, retryAfterSeconds: backend.retryAfterSeconds });
  }
  if (backend) {
    const text = `the translation backend refused the request (HTTP ${backend.status}); sending it again will not help: ${message}`;
    return new TranslatorFailure('backend-rejected', bounded(text), { cause: error });
  }
  // `fetch(url, { signal: AbortSignal.timeout(ms) })` in a translator: the backend did not answer in time.
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new TranslatorFailure('backend-unavailable', bounded(`the translation backend timed out: ${message}`), { cause: error });
  }
  // The original error rides along as `cause`: the log shows the translator's own stack.
  return new TranslatorFailure('error', bounded(message), { cause: error });
}

/** Seconds to put in `Retry-After` for a busy or unavailable backend: what it asked for, else 5; 1 to 86,400. */
export function retryAfterHeaderSeconds(failure: TranslatorFailure): number {
  const seconds = failure.retryAfterSeconds ?? DEFAULT_BACKEND_RETRY_AFTER_SECONDS;
  return Math.min(86_400, Math.max(1, Math.ceil(seconds)));
}

/** What `Retry-After` says when the backend did not. */
export const DEFAULT_BACKEND_RETRY_AFTER_SECONDS = 5;
