/**
 * Thrown by a job store when its backend (Redis, a database) cannot be reached right now. The engine
 * answers it with 503 and `Retry-After` instead of 500, so callers retry rather than give up.
 * The message is shown to callers: keep hosts, URLs and credentials out of it (put them in `cause`).
 */
export class JobStoreUnavailableError extends Error {
  /** What `Retry-After` suggests, in seconds. */
  readonly retryAfterSeconds: number;

  constructor(message = 'Job storage is unavailable; retry shortly', options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'JobStoreUnavailableError';
    this.retryAfterSeconds = Math.max(1, Math.ceil(options.retryAfterSeconds ?? 5));
  }
}
