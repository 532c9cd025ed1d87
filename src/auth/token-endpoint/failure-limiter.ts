import { HttpError } from '../../http/http-error.js';

/** Limits on failed client authentications at the token endpoint. */
export interface FailureLimitOptions {
  /** Failed authentications of one (registered) client id in a window before it gets 429. Default 10. */
  perClient?: number;
  /** Failed authentications from one remote address in a window before it gets 429. Default 100. */
  perAddress?: number;
  /** The window, in seconds, counted from a key's first failure. Default 300. */
  windowSeconds?: number;
}

export const FAILURE_LIMIT_DEFAULTS = { perClient: 10, perAddress: 100, windowSeconds: 300 } as const;

/** Addresses tracked at once; the oldest window goes first, so a spray of addresses cannot grow memory. */
const MAX_TRACKED_ADDRESSES = 10_000;

interface Window {
  failures: number;
  endsAt: number;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`byo-engine: auth.tokenEndpoint.failureLimit.${name} must be a whole number of at least 1`);
  return value;
}

/**
 * Counts failed client authentications per client id and per remote address in fixed windows. Once a key
 * reached its limit, requests for it get 429 with Retry-After until the window ends, whatever secret they
 * carry: a right secret answered differently would tell a guesser it was right.
 */
export class FailureLimiter {
  private readonly perClient: number;
  private readonly perAddress: number;
  private readonly windowMs: number;
  private readonly clients = new Map<string, Window>();
  private readonly addresses = new Map<string, Window>();

  constructor(options: FailureLimitOptions = {}) {
    this.perClient = positiveInteger('perClient', options.perClient, FAILURE_LIMIT_DEFAULTS.perClient);
    this.perAddress = positiveInteger('perAddress', options.perAddress, FAILURE_LIMIT_DEFAULTS.perAddress);
    this.windowMs = positiveInteger('windowSeconds', options.windowSeconds, FAILURE_LIMIT_DEFAULTS.windowSeconds) * 1000;
  }

  /** Throws a 429 with Retry-After while the client id or the address is over its limit. */
  assertAllowed(clientId: string, address: string | undefined, now = Date.now()): void {
    const blockedUntil = Math.max(
      this.blockedUntil(this.clients, clientId, this.perClient, now),
      address === undefined ? 0 : this.blockedUntil(this.addresses, address, this.perAddress, now),
    );
    if (blockedUntil === 0) return;
    const seconds = Math.max(1, Math.ceil((blockedUntil - now) / 1000));
    throw new HttpError(
      429,
      `Too many failed client authentications; retry in ${seconds} seconds`,
      { 'retry-after': String(seconds), 'cache-control': 'no-store' },
      'token_failures',
    );
  }

  /** Records one failure. Only registered client ids are counted per client: unknown ids cannot grow the table. */
  recordFailure(clientId: string, registered: boolean, address: string | undefined, now = Date.now()): void {
    if (registered) this.count(this.clients, clientId, now);
    if (address !== undefined) {
      this.count(this.addresses, address, now);
      if (this.addresses.size > MAX_TRACKED_ADDRESSES) this.addresses.delete(this.addresses.keys().next().value!);
    }
  }

  private blockedUntil(table: Map<string, Window>, key: string, limit: number, now: number): number {
    const window = table.get(key);
    if (!window) return 0;
    if (window.endsAt <= now) {
      table.delete(key);
      return 0;
    }
    return window.failures >= limit ? window.endsAt : 0;
  }

  private count(table: Map<string, Window>, key: string, now: number): void {
    const window = table.get(key);
    if (window && window.endsAt > now) window.failures++;
    else {
      table.delete(key); // re-inserted last: the table stays ordered by window start
      table.set(key, { failures: 1, endsAt: now + this.windowMs });
    }
  }
}
