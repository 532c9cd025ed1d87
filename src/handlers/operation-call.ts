import type { Principal } from '../auth/principal.js';
import type { EngineResponse } from '../http/engine-request.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { JobStore } from '../jobs/job-store.js';
import type { Languages } from '../languages.js';
import type { Logger } from '../logger.js';
import type { Operation, OperationId } from '../openapi/operations.js';
import type { RequestTelemetry } from '../telemetry/telemetry.js';
import type { SyncLimiter } from '../translation/sync-limiter.js';
import type { TranslateFunction } from '../translation/translator.js';

/** A request that passed routing, auth and validation. */
export interface OperationCall {
  readonly operation: Operation;
  readonly principal: Principal;
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
  readonly store: JobStore;
  readonly runner: JobRunner;
  readonly syncLimiter: SyncLimiter;
  readonly jobTtlSeconds: number;
  readonly syncTimeoutMs: number;
  readonly logger: Logger;
}

export type OperationHandler = (call: OperationCall) => Promise<EngineResponse>;
export type OperationHandlers = Record<OperationId, OperationHandler>;
