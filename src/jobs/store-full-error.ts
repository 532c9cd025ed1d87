import { HttpError } from '../http/http-error.js';

/**
 * Thrown by a job store's `create` when it holds as many jobs as it may. The engine answers it with 429
 * and `Retry-After`, as the built-in `MemoryJobStore` does, so Phrase retries later. The message is shown
 * to callers: keep hosts and credentials out of it.
 */
export class JobStoreFullError extends HttpError {
  constructor(message = 'Too many jobs are stored; retry later', options: { retryAfterSeconds?: number } = {}) {
    super(429, message, { 'retry-after': String(Math.max(1, Math.ceil(options.retryAfterSeconds ?? 5))) });
    this.name = 'JobStoreFullError';
  }
}
