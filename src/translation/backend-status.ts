/**
 * What a translator's error may carry so that the engine answers as Phrase's contract asks: the HTTP status
 * the translation backend answered, and how long it asked to wait. No class to import: any thrown `Error`
 * with a whole-number `status` from 400 to 599 counts (so does one found through its `cause` chain, as
 * `withRetry` and `batched` of `byo-engine/translators` wrap errors); `EngineHttpError` of the toolkit
 * has this shape.
 *
 * - 429: `/translate` answers 429 with `Retry-After`; an async job is tried again after the delay.
 * - 408 and 5xx (but 501 and 505): 503 with `Retry-After`; an async job is tried again.
 * - any other 4xx, 501, 505: 500 naming the status (a request the backend refuses will not pass later).
 */
export interface BackendStatus {
  /** The HTTP status the backend answered. */
  readonly status: number;
  /** Seconds the backend asked to wait (its `Retry-After`), when it said. */
  readonly retryAfterSeconds?: number;
}

/** How far down the `cause` chain a status is looked for. */
const MAX_CAUSE_DEPTH = 4;

function ownStatus(error: unknown): BackendStatus | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, retryAfterSeconds } = error as Error & { status?: unknown; retryAfterSeconds?: unknown };
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) return undefined;
  const wait = typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0;
  return wait ? { status, retryAfterSeconds } : { status };
}

/** The backend status an error carries, itself or through its causes; undefined when none does. */
export function backendStatusOf(error: unknown): BackendStatus | undefined {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    const found = ownStatus(current);
    if (found) return found;
    current = current.cause;
  }
  return undefined;
}

/** Statuses that say "the backend is overloaded or down, later may work", besides 429. */
export function isUnavailableStatus(status: number): boolean {
  return status === 408 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}
