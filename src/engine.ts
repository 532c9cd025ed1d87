import type { OpenAPIObject } from 'openapi3-ts/oas30';
import { createAuthGate } from './auth/auth-gate.js';
import { createAuth } from './auth/create-authenticators.js';
import { jobResultHandler, jobStatusHandler } from './handlers/job-handlers.js';
import { languagesHandler } from './handlers/languages-handler.js';
import type { EngineServices, OperationCall, OperationHandlers } from './handlers/operation-call.js';
import type { Principal } from './auth/principal.js';
import type { JobOwner } from './auth/job-owner.js';
import { statusHandler } from './handlers/status-handler.js';
import { translateAsyncHandler } from './handlers/translate-async-handler.js';
import { translateHandler } from './handlers/translate-handler.js';
import { assertJsonDepth, assertTranslateLimits } from './http/body-limits.js';
import type { EngineRequest, EngineResponse } from './http/engine-request.js';
import { callerWentAway } from './http/caller-gone.js';
import { hostParserNotice } from './http/host-parser-notice.js';
import { HttpError } from './http/http-error.js';
import { assertMetadataLimits } from './http/metadata-limits.js';
import { keepsConnection, readJsonBody, watchBody, type JsonBody } from './http/read-body.js';
import { offerAnswerAtOnce } from './http/answer-at-once.js';
import { isPromiseLike, type MaybePromise } from './maybe-promise.js';
import { errorResponse, jsonResponse } from './http/responses.js';
import type { JobBackend } from './jobs/job-backend.js';
import { MemoryJobStore } from './jobs/memory-job-store.js';
import { StoreJobBackend } from './jobs/store-job-backend.js';
import { JobStoreUnavailableError } from './jobs/store-unavailable-error.js';
import { Languages } from './languages.js';
import { errorDetails, logDebug, stderrLogger, type Logger } from './logger.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { readOperations, type Operation } from './openapi/operations.js';
import { NullOptionals } from './openapi/null-optionals.js';
import { SchemaValidators } from './openapi/schema-validators.js';
import { precompiledValidators } from './generated/schema-validators.js';
import { checkOptionKeys } from './option-keys.js';
import { DEFAULTS, type ByoEngineOptions } from './options.js';
import { Router, type ExtraRoute, type RouteMatch } from './router.js';
import type { TranslateRequest } from './api-types.js';
import type { OperationId } from './openapi/operations.js';
import { dropEmptyGlossaryTerms } from './translation/empty-glossary-terms.js';
import { SyncLimiter } from './translation/sync-limiter.js';
import { loadOpenTelemetryApi } from './telemetry/load-otel-api.js';
import { createTelemetry, type RequestTelemetry } from './telemetry/telemetry.js';

/** Options of `engine.close()`. */
export interface CloseOptions {
  /** How long running jobs may go on before they are failed. Default 10,000 ms. */
  graceMs?: number;
}

/** What `engine.health()` reports: the facts behind `/status`, for a host's readiness probe. */
export interface EngineHealth {
  /** What `/status` answers: `ok` only when every fact below is fine. */
  readonly status: 'ok' | 'not_ok';
  /** The engine is closing (it refuses new translations). */
  readonly closing: boolean;
  /** The job backend (its store or queue) can be reached. */
  readonly jobsReachable: boolean;
  /** What your `status` option answered (`not_ok` when it threw); `ok` without one. */
  readonly custom: 'ok' | 'not_ok';
}

/** A mounted-anywhere BYO Engine: adapters pass it requests, it answers them. Made by `createByoEngine`. */
export interface ByoEngine {
  /** The OpenAPI document the engine serves and validates against. */
  readonly document: OpenAPIObject;
  /** Answers one request. Never throws: every failure is a JSON `{ "error" }` response. */
  handle(request: EngineRequest): Promise<EngineResponse>;
  /**
   * Stops taking new translations (503 on `/translate` and `/translateAsync`; `/status` says `not_ok`) while
   * polls and results keep working, lets running work finish within `graceMs`, fails the rest, closes its own store.
   */
  close(options?: CloseOptions): Promise<void>;
  /** The facts behind `/status` (closing, job backend reachable, your `status` hook); never throws. */
  health(): Promise<EngineHealth>;
  /** Async jobs running and waiting, and synchronous `/translate` requests running and waiting, in this process. */
  stats(): { running: number; queued: number; syncRunning: number; syncQueued: number };
}

type ExtraHandler = (request: EngineRequest) => Promise<EngineResponse>;
type OperationMatch = Extract<RouteMatch<ExtraHandler>, { kind: 'operation' }>;

const hasRequestSchema = (operation: Operation): operation is Operation & { requestSchemaRef: string } =>
  operation.requestSchemaRef !== undefined;

const TRANSLATE_REQUEST = '#/components/schemas/TranslateRequest';
/** What a closing engine refuses (503); polls, results and the rest keep answering so Phrase can collect finished work. */
const SUBMISSIONS: ReadonlySet<OperationId> = new Set<OperationId>(['translateTexts', 'translateAsync']);

/** The operations that touch the job backend. */
const JOB_OPERATIONS: ReadonlySet<OperationId> = new Set<OperationId>(['translateAsync', 'translateAsyncStatus', 'translateAsyncResult']);

/**
 * The call a handler gets. `signal` is read from the request only by the handlers that pass it on
 * (/translate), since adapters may make it lazily; a prototype getter, cheaper than one per object literal.
 */
class Call implements OperationCall {
  constructor(
    readonly operation: Operation,
    readonly principal: Principal,
    readonly body: unknown,
    readonly jobId: string | undefined,
    private readonly ownerOf: JobOwner,
    readonly telemetry: RequestTelemetry | undefined,
    private readonly request: EngineRequest,
  ) {}

  get signal(): AbortSignal | undefined {
    return this.request.signal;
  }

  /** Worked out only by the operations that read or make jobs. */
  get owner(): string {
    return this.ownerOf(this.principal);
  }
}

/** Counts (slots, queue places, jobs, characters...): a whole number of at least 1. */
function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`byo-engine: ${name} must be a whole number of at least 1`);
  return value;
}

/** Node timers overflow past 2^31-1 ms (about 24.8 days) and would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Durations that become timers: positive and within what a Node timer can wait. */
function duration(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS)) {
    throw new Error(`byo-engine: ${name} must be a positive number of milliseconds up to ${MAX_TIMER_MS}`);
  }
  return value;
}

/** The job backend of `options.jobs`: the in-process runner over a store (the default), or `jobs.backend`. */
function createJobBackend(options: ByoEngineOptions, logger: Logger): JobBackend {
  const jobs = options.jobs ?? {};
  if (jobs.store && jobs.backend) throw new Error('byo-engine: pass jobs.store or jobs.backend, not both');
  const context = {
    translate: options.translate,
    logger,
    concurrency: positive('jobs.concurrency', jobs.concurrency, DEFAULTS.jobConcurrency),
    maxQueued: positive('jobs.maxQueued', jobs.maxQueued, DEFAULTS.maxQueuedJobs),
    timeoutMs: duration('jobs.timeoutMs', jobs.timeoutMs, DEFAULTS.jobTimeoutMs),
    ttlSeconds: positive('jobs.ttlSeconds', jobs.ttlSeconds, DEFAULTS.jobTtlSeconds),
  };
  if (jobs.backend) return jobs.backend(context);
  const store =
    jobs.store ??
    new MemoryJobStore({
      maxJobs: positive('jobs.maxJobs', jobs.maxJobs, DEFAULTS.maxJobs),
      maxBytes: positive('jobs.maxBytes', jobs.maxBytes, DEFAULTS.maxStoreBytes),
      callerShare: jobs.callerShare ?? DEFAULTS.callerShare,
    });
  return new StoreJobBackend(store, context, !jobs.store);
}

/** Builds an engine: everything (document, validators, routes, auth) is prepared here, once. */
export function createByoEngine(options: ByoEngineOptions): ByoEngine {
  checkOptionKeys(options);
  if (typeof options?.translate !== 'function') throw new Error('byo-engine: options.translate must be a function');
  if (!options.languages) throw new Error('byo-engine: options.languages is required');
  const logger = options.logger ?? stderrLogger;
  // Telemetry is made further down, once the job runner exists; failures reach it through this closure.
  const auth = createAuth(options.auth, logger, (kind) => telemetry?.tokenFailure(kind));
  const authenticate = createAuthGate(auth.authenticators);
  const maxBodyBytes = positive('limits.maxBodyBytes', options.limits?.maxBodyBytes, DEFAULTS.maxBodyBytes);
  const bodyIdleMs = duration('limits.bodyIdleTimeoutMs', options.limits?.bodyIdleTimeoutMs, DEFAULTS.bodyIdleTimeoutMs);
  const maxJsonDepth = positive('limits.maxJsonDepth', options.limits?.maxJsonDepth, DEFAULTS.maxJsonDepth);
  const translateLimits = {
    maxSegmentChars: positive('limits.maxSegmentChars', options.limits?.maxSegmentChars, DEFAULTS.maxSegmentChars),
    maxGlossaryEntries: positive('limits.maxGlossaryEntries', options.limits?.maxGlossaryEntries, DEFAULTS.maxGlossaryEntries),
  };
  const metadataLimits = {
    maxMetadataKeys: positive('limits.maxMetadataKeys', options.limits?.maxMetadataKeys, DEFAULTS.maxMetadataKeys),
    maxMetadataBytes: positive('limits.maxMetadataBytes', options.limits?.maxMetadataBytes, DEFAULTS.maxMetadataBytes),
  };
  const syncLimiter = new SyncLimiter(
    options.sync?.concurrency ?? DEFAULTS.syncConcurrency,
    options.sync?.maxQueued ?? DEFAULTS.maxQueuedSync,
  );

  const document = buildOpenApiDocument();
  const operations = readOperations(document);
  const validators = new SchemaValidators(document, precompiledValidators);
  const nullOptionals = new NullOptionals(document);
  for (const operation of operations) {
    if (!operation.requestSchemaRef) continue;
    validators.validator(operation.requestSchemaRef);
    nullOptionals.planFor(operation.requestSchemaRef);
  }

  const jobBackend = createJobBackend(options, logger);
  // Only with `@opentelemetry/api` installed and an SDK registered; otherwise requests pay nothing for it.
  const telemetry = createTelemetry(loadOpenTelemetryApi(), () => jobBackend.stats());
  const services: EngineServices = {
    languages: new Languages(options.languages, options.languagesCacheMs ?? DEFAULTS.languagesCacheMs, (pairs) =>
      validators.check('#/components/schemas/LanguagesResponse', { languagePairs: pairs }),
    ),
    translate: options.translate,
    status: async () => (await health()).status,
    jobs: jobBackend,
    syncLimiter,
    syncRun: {
      timeoutMs: duration('sync.timeoutMs', options.sync?.timeoutMs, DEFAULTS.syncTimeoutMs),
      signals: syncLimiter.shutdownSignals,
    },
    logger,
  };
  const handlers: OperationHandlers = {
    getLanguages: languagesHandler(services),
    getStatus: statusHandler(services),
    translateTexts: translateHandler(services),
    translateAsync: translateAsyncHandler(services),
    translateAsyncStatus: jobStatusHandler(services),
    translateAsyncResult: jobResultHandler(services),
  };
  const extras: ExtraRoute<ExtraHandler>[] = [];
  if (options.serveOpenApi !== false) {
    const serialized = jsonResponse(200, document);
    extras.push({ method: 'GET', path: '/openapi.json', handler: async () => serialized });
  }
  extras.push(...auth.routes); // the token endpoint and its JWKS, when configured
  const router = new Router<ExtraHandler>(operations, extras);
  const noticeHostParser = hostParserNotice(logger, maxBodyBytes);

  let closing: Promise<void> | undefined;
  /** While closing, or while the job backend cannot be reached, `/status` tells Phrase to stop routing work here. */
  async function health(): Promise<EngineHealth> {
    const [jobsReachable, custom] = await Promise.all([jobBackend.health ? jobBackend.health().catch(() => false) : true, customStatus()]);
    const isClosing = closing !== undefined;
    const status = !isClosing && jobsReachable && custom === 'ok' ? 'ok' : 'not_ok';
    return { status, closing: isClosing, jobsReachable, custom };
  }
  async function customStatus(): Promise<'ok' | 'not_ok'> {
    if (!options.status) return 'ok';
    try {
      return (await options.status()) === 'ok' ? 'ok' : 'not_ok';
    } catch (error) {
      logger.warn(errorDetails(error), 'status check failed; answering not_ok');
      return 'not_ok';
    }
  }
  /** A job backend outage is logged when it starts, not on every request it fails. */
  let jobsUnavailable = false;

  /** The body as the operation's schema and the limits allow it. */
  function checkedBody(read: JsonBody | undefined, operation: Operation & { requestSchemaRef: string }): unknown {
    if (read === undefined) {
      if (operation.requestBodyRequired) throw new HttpError(400, 'Request body is required: send a JSON object');
      return checkedValue({}, operation);
    }
    if (read.mayNestDeeperThan(maxJsonDepth)) assertJsonDepth(read.value, maxJsonDepth);
    if (read.mayHoldNull) nullOptionals.strip(operation.requestSchemaRef, read.value); // `"glossary": null` means absent
    return checkedValue(read.value, operation);
  }

  function checkedValue(body: unknown, operation: Operation & { requestSchemaRef: string }): unknown {
    if (operation.requestSchemaRef === TRANSLATE_REQUEST) assertMetadataLimits(body, metadataLimits, DEFAULTS.maxSegments);
    const problem = validators.check(operation.requestSchemaRef, body);
    if (problem) throw new HttpError(400, problem);
    if (operation.requestSchemaRef === TRANSLATE_REQUEST) {
      assertTranslateLimits(body as TranslateRequest, translateLimits);
      dropEmptyGlossaryTerms(body as TranslateRequest);
    }
    return body;
  }

  /**
   * The operation's answer. Every step answers at once when it need not wait (an API token, a body that has
   * arrived, a translator that answers synchronously): a promise, and the microtask turns that come with it, only
   * where something really waits.
   */
  function callOperation(
    request: EngineRequest,
    match: OperationMatch,
    traced: RequestTelemetry | undefined,
  ): MaybePromise<EngineResponse> {
    const { operation } = match;
    traced?.setOperation(operation, match.jobId);
    if (closing && SUBMISSIONS.has(operation.id)) {
      throw new HttpError(503, 'The translation server is shutting down; retry shortly', { 'retry-after': '5' }, 'shutting_down');
    }
    const principal = authenticate(request, operation);
    return isPromiseLike(principal)
      ? Promise.resolve(principal).then((admitted) => withPrincipal(request, match, admitted, traced))
      : withPrincipal(request, match, principal, traced);
  }

  function withPrincipal(
    request: EngineRequest,
    match: OperationMatch,
    principal: Principal,
    traced: RequestTelemetry | undefined,
  ): MaybePromise<EngineResponse> {
    traced?.setPrincipal(principal);
    const { operation } = match;
    if (!hasRequestSchema(operation)) return handleCall(request, match, principal, undefined, traced);
    const body = readJsonBody(request, maxBodyBytes, bodyIdleMs);
    return isPromiseLike(body)
      ? Promise.resolve(body).then((value) => handleCall(request, match, principal, checkedBody(value, operation), traced))
      : handleCall(request, match, principal, checkedBody(body, operation), traced);
  }

  function handleCall(
    request: EngineRequest,
    match: OperationMatch,
    principal: Principal,
    body: unknown,
    traced: RequestTelemetry | undefined,
  ): MaybePromise<EngineResponse> {
    traced?.setBody(body);
    const response = handlers[match.operation.id](new Call(match.operation, principal, body, match.jobId, auth.jobOwner, traced, request));
    if (!jobsUnavailable || !JOB_OPERATIONS.has(match.operation.id)) return response;
    return Promise.resolve(response).then((answer) => {
      jobsUnavailable = false;
      logger.info({}, 'job store available again');
      return answer;
    });
  }

  /** Routes a request; throws (or rejects) with what `failureResponse` turns into the answer. */
  function dispatch(request: EngineRequest, traced: RequestTelemetry | undefined): MaybePromise<EngineResponse> {
    const match = router.match(request.method, request.path);
    switch (match.kind) {
      case 'not-found':
        return errorResponse(404, `No such endpoint: ${request.method.toUpperCase()} ${request.path.split('?', 1)[0]}`);
      case 'wrong-method':
        return errorResponse(405, `Method ${request.method.toUpperCase()} is not allowed here; use ${match.allowed.join(', ')}`, {
          allow: match.allowed.join(', '),
        });
      case 'extra':
        traced?.setRoute(match.path);
        return match.handler(request);
      case 'operation':
        return callOperation(request, match, traced);
    }
  }

  /** Every failure becomes a JSON error. */
  function failureResponse(error: unknown, request: EngineRequest, traced: RequestTelemetry | undefined): EngineResponse {
    if (error instanceof HttpError) {
      traced?.fail(error.message, error.reason);
      return errorResponse(error.status, error.message, error.headers);
    }
    traced?.fail(
      error instanceof Error ? error.message : String(error),
      error instanceof JobStoreUnavailableError ? 'store_unavailable' : undefined,
    );
    if (error instanceof JobStoreUnavailableError) {
      if (!jobsUnavailable) logger.warn(errorDetails(error.cause ?? error), 'job store unavailable');
      jobsUnavailable = true;
      return errorResponse(503, error.message, { 'retry-after': String(error.retryAfterSeconds) });
    }
    if (callerWentAway(error, request)) {
      logDebug(logger, { method: request.method, ...errorDetails(error) }, 'the caller went away before its request was read');
      return errorResponse(400, 'The request was cut short: the connection closed before the whole body arrived');
    }
    logger.error(errorDetails(error), 'unexpected error while handling a request');
    return errorResponse(500, 'Internal error; the server log has the details');
  }

  /**
   * Answers one request, without a promise when every step answered at once (adapters take it through
   * `answerAtOnce`); never rejects. Throws only if answering a failure fails.
   */
  function answer(original: EngineRequest): MaybePromise<EngineResponse> {
    const request = watchBody(original);
    let traced: RequestTelemetry | undefined;
    let pending: MaybePromise<EngineResponse>;
    try {
      noticeHostParser(original);
      traced = telemetry?.startRequest(original);
      pending = traced ? telemetry!.within(traced.context, () => dispatch(request, traced)) : dispatch(request, undefined);
    } catch (error) {
      return finish(request, failureResponse(error, request, traced), traced);
    }
    if (!isPromiseLike(pending)) return finish(request, pending, traced);
    return Promise.resolve(pending).then(
      (response) => finish(request, response, traced),
      (error: unknown) => finish(request, failureResponse(error, request, traced), traced),
    );
  }

  /** A body the answer did not need is read and dropped, so the keep-alive connection stays usable. */
  function finish(request: EngineRequest, response: EngineResponse, traced: RequestTelemetry | undefined): MaybePromise<EngineResponse> {
    const keep = keepsConnection(request, bodyIdleMs);
    if (keep === true || keep === false) return ended(keep ? response : closingConnection(response), traced);
    return keep.then((kept) => ended(kept ? response : closingConnection(response), traced));
  }

  const closingConnection = (response: EngineResponse): EngineResponse => ({
    ...response,
    headers: { ...response.headers, connection: 'close' },
  });

  function ended(response: EngineResponse, traced: RequestTelemetry | undefined): EngineResponse {
    traced?.end(response);
    return response;
  }

  const engine: ByoEngine = {
    document,
    health,
    stats: () => {
      const sync = syncLimiter.stats();
      return { ...jobBackend.stats(), syncRunning: sync.running, syncQueued: sync.queued };
    },
    handle: async (request) => answer(request),
    close(closeOptions = {}) {
      closing ??= (async () => {
        const graceMs = closeOptions.graceMs ?? DEFAULTS.closeGraceMs;
        await Promise.all([jobBackend.close(graceMs), syncLimiter.close(graceMs)]);
      })();
      return closing;
    },
  };
  offerAnswerAtOnce(engine, answer);
  return engine;
}
