import type { Principal } from '../auth/principal.js';
import type { EngineResponse } from '../http/engine-request.js';
import type { JobBackend } from '../jobs/job-backend.js';
import type { Languages } from '../languages.js';
import type { Logger } from '../logger.js';
import type { Operation, OperationId } from '../openapi/operations.js';
import type { RequestTelemetry } from '../telemetry/telemetry.js';
import type { SyncLimiter } from '../translation/sync-limiter.js';
import type { RunOptions } from '../translation/run-translator.js';
import type { TranslateFunction } from '../translation/translator.js';
import type { MaybePromise } from '../maybe-promise.js';

/** A request that passed routing, auth and validation. */
export interface OperationCall {
  readonly operation: Operation;
  readonly principal: Principal;
  /** Who owns the jobs this call creates or reads: the principal's key, or its `auth.callers` caller. */
  readonly owner: string;
  /** The validated body (`{}` when an optional body was absent). */
  readonly body: unknown;
  readonly jobId?: string;
  readonly signal?: AbortSignal;
  /** This request's span and measurements, when OpenTelemetry is on. */
  readonly telemetry?: RequestTelemetry;
}

/** What the handlers work with; built once per engine. */
export interface EngineServices {
  readonly languages: Languages;
  readonly translate: TranslateFunction;
  readonly status: () => 'ok' | 'not_ok' | Promise<'ok' | 'not_ok'>;
  /** Where async jobs go: the in-process runner over a `JobStore`, or a backend such as BullMQ. */
  readonly jobs: JobBackend;
  readonly syncLimiter: SyncLimiter;
  /** The deadline and shutdown signal of every `/translate` translator call, made once. */
  readonly syncRun: RunOptions;
  readonly logger: Logger;
}

/** Answers at once when nothing it calls had to wait (a cached translator, a fixed language list). */
export type OperationHandler = (call: OperationCall) => MaybePromise<EngineResponse>;
export type OperationHandlers = Record<OperationId, OperationHandler>;
