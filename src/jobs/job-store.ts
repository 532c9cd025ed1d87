import type { JobStatus, TranslateResponse } from '../api-types.js';

/** A job as a store keeps it. */
export interface JobRecord {
  readonly id: string;
  /** Who submitted the job (scheme, issuer and name of the principal, or its `auth.callers` caller); only it may read the job. */
  readonly owner: string;
  readonly status: JobStatus;
  /** Why a `failed` job failed, shown to users in Phrase's UI. */
  readonly detail?: string;
  /** The answer of a `done` job. */
  readonly result?: TranslateResponse;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/** What the engine hands `JobStore.create` for a new job. */
export interface NewJob {
  readonly id: string;
  readonly owner: string;
  readonly createdAt: number;
  /** Keep the job this long after it was created, and again this long after it finished. */
  readonly ttlSeconds: number;
}

/**
 * Where async jobs live. Implementations must keep these rules (the contract kit checks them):
 * - `create` stores a new `running` job and rejects when the id is already taken: never overwrite.
 * - `get` returns the job only to its owner; another owner, an unknown or an expired id all give `undefined`.
 * - a job moves `running -> done` (`complete`) or `running -> failed` (`fail`), once. Both return `true`
 *   only for the call that made the move; a finished, unknown or expired job gives `false`. Two concurrent
 *   finishers of one job: exactly one wins, and its outcome is what `get` returns from then on.
 * - TTL: a job lives `ttlSeconds` from the moment `create` runs, by the store's own clock (not from
 *   `createdAt`, which is only reported back), and again `ttlSeconds` from the moment `complete` or `fail`
 *   moves it. Those two calls do not receive the TTL: keep it from `create` (a column, or the key's expiry).
 * - a store that is full throws `JobStoreFullError` from `create` (the engine answers 429 with Retry-After);
 *   a backend that cannot be reached throws `JobStoreUnavailableError` (503).
 */
export interface JobStore {
  /** Stores a new `running` job; rejects when the id is taken. */
  create(job: NewJob): Promise<void>;
  /** The job, to its owner only; `undefined` for another owner, an unknown or an expired id. */
  get(id: string, owner: string): Promise<JobRecord | undefined>;
  /** `running -> done` with its answer; `true` only for the call that made the move. */
  complete(id: string, result: TranslateResponse): Promise<boolean>;
  /** `running -> failed` with the reason shown to users; `true` only for the call that made the move. */
  fail(id: string, detail: string): Promise<boolean>;
  /**
   * Optional, for stores shared by several instances: called every `heartbeatIntervalMs` while this
   * instance runs the job, so that a job whose worker died can be reported `failed`.
   */
  heartbeat?(id: string): Promise<void>;
  readonly heartbeatIntervalMs?: number;
  /**
   * Optional: whether the store can be reached right now (a bounded check, for `/status` and `engine.health()`).
   * Resolve `false` rather than throw. Absent: the store counts as always reachable.
   */
  health?(): Promise<boolean>;
  /** Releases timers and connections the store opened itself. */
  close?(): Promise<void>;
}
