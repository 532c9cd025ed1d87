import type { TranslateRequest } from '../api-types.js';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logger.js';
import type { TranslateFunction } from '../translation/translator.js';
import type { JobRecord } from './job-store.js';
import type { MaybePromise } from '../maybe-promise.js';
import type { JobTelemetry } from '../telemetry/telemetry.js';

/** Makes the telemetry of an accepted job (a span linked to the request's), once its id is known. */
export type JobTelemetryFactory = (id: string) => JobTelemetry | undefined;

/**
 * Where async jobs go: the one seam the engine's `/translateAsync`, `/translateAsyncStatus` and
 * `/translateAsyncResult` talk to. The engine fills it with the in-process runner over a `JobStore`
 * (the default) or with a backend you pass as `jobs.backend` (for example `bullmqJobs` of `byo-engine/bullmq`).
 * Rules: `submit` answers a fresh id at once (never waits for the translation) and throws `HttpError`-like
 * 429s or `JobStoreUnavailableError`; `get` returns a job only to its owner (`undefined` for unknown,
 * expired or someone else's ids).
 */
export interface JobBackend {
  /**
   * Accepts a validated request for translation in the background; the new job's id, at once or as a promise.
   * `telemetry`, when tracing is on, is called with the new id. `owner` is the key that owns the job (the principal's scheme, issuer and name, or its `auth.callers` entry).
   */
  submit(request: TranslateRequest, principal: Principal, owner: string, telemetry?: JobTelemetryFactory): MaybePromise<string>;
  /** The job as its owner may see it, or `undefined`; at once (without a promise) when the backend need not wait. */
  get(id: string, owner: string): MaybePromise<JobRecord | undefined>;
  /** Whether the backend can take and answer jobs right now (a bounded check). Absent: always. */
  health?(): Promise<boolean>;
  /** Jobs running and waiting in this process. */
  stats(): { running: number; queued: number };
  /** Stops taking jobs; running ones get up to `graceMs` to finish, then are failed or handed back. */
  close(graceMs: number): Promise<void>;
}

/** What the engine gives a backend it builds from `jobs.backend`: its settings, resolved once. */
export interface JobBackendContext {
  readonly translate: TranslateFunction;
  readonly logger: Logger;
  /** `jobs.concurrency`: jobs translated at the same time by this process. */
  readonly concurrency: number;
  /** `jobs.maxQueued`: waiting jobs before `/translateAsync` answers 429. */
  readonly maxQueued: number;
  /** `jobs.timeoutMs`: a translation running longer fails. */
  readonly timeoutMs: number;
  /** `jobs.ttlSeconds`: how long a job is kept after it was created, and again after it finished. */
  readonly ttlSeconds: number;
}

/** Builds a `JobBackend` for an engine (`jobs.backend`); the engine closes what it builds. */
export type JobBackendFactory = (context: JobBackendContext) => JobBackend;
