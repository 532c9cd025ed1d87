import type { BackendStatus } from '../src/index.js';

/**
 * An engine answered with an HTTP error. Throw it from a translator (the connectors do) so that
 * `withRetry` can tell a transient answer (429, 5xx) from a rejected request (other 4xx), and so that
 * byo-engine answers Phrase as the contract asks (it has the core's `BackendStatus` shape: 429 with
 * `Retry-After`, 503 for 5xx, 500 for a refused request). The message is shown to Phrase's users: keep
 * keys and secrets out of it.
 */
export class EngineHttpError extends Error implements BackendStatus {
  /** Seconds the engine asked to wait (its `Retry-After` header), when it said. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly status: number,
    message: string,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'EngineHttpError';
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The engine could not be reached, or the connection broke before an answer: worth another try. */
export class EngineNetworkError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'EngineNetworkError';
  }
}

// Socket-level failures of node:net and undici that a new connection may not repeat.
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** HTTP statuses worth retrying: timeouts, rate limits and server errors except "not implemented". */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/**
 * Whether another attempt may succeed: an `EngineHttpError` with a transient status, an
 * `EngineNetworkError`, or a raw network failure of `fetch` (undici's "fetch failed" and socket codes).
 * Aborts and everything else are final.
 */
export function isTransientEngineError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return false;
  if (error instanceof EngineHttpError) return isTransientStatus(error.status);
  if (error instanceof EngineNetworkError) return true;
  if (error instanceof TypeError && error.message === 'fetch failed') return true;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
