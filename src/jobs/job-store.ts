import type { JobStatus, TranslateResponse } from '../api-types.js';

/** A job as a store keeps it. */
export interface JobRecord {
  readonly id: string;
  /** The principal name that submitted the job; only it may read the job. */
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
  /** Releases timers and connections the store opened itself. */
  close?(): Promise<void>;
}
