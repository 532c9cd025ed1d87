import type { OpenAPIObject } from 'openapi3-ts/oas30';
import { createAuthGate } from './auth/auth-gate.js';
import { createAuth } from './auth/create-authenticators.js';
import { jobResultHandler, jobStatusHandler } from './handlers/job-handlers.js';
import { languagesHandler } from './handlers/languages-handler.js';
import type { EngineServices, OperationHandlers } from './handlers/operation-call.js';
import { statusHandler } from './handlers/status-handler.js';
import { translateAsyncHandler } from './handlers/translate-async-handler.js';
import { translateHandler } from './handlers/translate-handler.js';
import { assertJsonDepth, assertTranslateLimits } from './http/body-limits.js';
import type { EngineRequest, EngineResponse } from './http/engine-request.js';
import { HttpError } from './http/http-error.js';
import { readJsonBody, watchBody } from './http/read-body.js';
import { errorResponse, jsonResponse } from './http/responses.js';
import { JobRunner } from './jobs/job-runner.js';
import { MemoryJobStore } from './jobs/memory-job-store.js';
import { JobStoreUnavailableError } from './jobs/store-unavailable-error.js';
import { Languages } from './languages.js';
import { errorDetails, stderrLogger } from './logger.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { readOperations, type Operation } from './openapi/operations.js';
import { SchemaValidators } from './openapi/schema-validators.js';
import { DEFAULTS, type ByoEngineOptions } from './options.js';
import { Router, type ExtraRoute } from './router.js';
import type { TranslateRequest } from './api-types.js';
import type { OperationId } from './openapi/operations.js';
import { SyncLimiter } from './translation/sync-limiter.js';

/** Options of `engine.close()`. */
export interface CloseOptions {
  /** How long running jobs may go on before they are failed. Default 10,000 ms. */
  graceMs?: number;
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
  /** Async jobs running and waiting, and synchronous `/translate` requests running and waiting, in this process. */
  stats(): { running: number; queued: number; syncRunning: number; syncQueued: number };
}

type ExtraHandler = (request: EngineRequest) => Promise<EngineResponse>;

const TRANSLATE_REQUEST = '#/components/schemas/TranslateRequest';
/** What a closing engine refuses (503); polls, results and the rest keep answering so Phrase can collect finished work. */
const SUBMISSIONS: ReadonlySet<OperationId> = new Set<OperationId>(['translateTexts', 'translateAsync']);

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

/** Builds an engine: everything (document, validators, routes, auth) is prepared here, once. */
export function createByoEngine(options: ByoEngineOptions): ByoEngine {
  if (typeof options?.translate !== 'function') throw new Error('byo-engine: options.translate must be a function');
  if (!options.languages) throw new Error('byo-engine: options.languages is required');
  const logger = options.logger ?? stderrLogger;
  const auth = createAuth(options.auth, logger);
  const authenticate = createAuthGate(auth.authenticators);
  const jobs = options.jobs ?? {};
  const maxBodyBytes = positive('limits.maxBodyBytes', options.limits?.maxBodyBytes, DEFAULTS.maxBodyBytes);
  const maxJsonDepth = positive('limits.maxJsonDepth', options.limits?.maxJsonDepth, DEFAULTS.maxJsonDepth);
  const translateLimits = {
    maxSegmentChars: positive('limits.maxSegmentChars', options.limits?.maxSegmentChars, DEFAULTS.maxSegmentChars),
    maxGlossaryEntries: positive('limits.maxGlossaryEntries', options.limits?.maxGlossaryEntries, DEFAULTS.maxGlossaryEntries),
  };
  const syncLimiter = new SyncLimiter(
    options.sync?.concurrency ?? DEFAULTS.syncConcurrency,
    options.sync?.maxQueued ?? DEFAULTS.maxQueuedSync,
  );

  const document = buildOpenApiDocument();
  const operations = readOperations(document);
  const validators = new SchemaValidators(document);
  for (const operation of operations) if (operation.requestSchemaRef) validators.validator(operation.requestSchemaRef);

  const ownsStore = !jobs.store;
  const store = jobs.store ?? new MemoryJobStore({ maxJobs: positive('jobs.maxJobs', jobs.maxJobs, DEFAULTS.maxJobs) });
  const runner = new JobRunner({
    store,
    translate: options.translate,
    concurrency: positive('jobs.concurrency', jobs.concurrency, DEFAULTS.jobConcurrency),
    maxQueued: positive('jobs.maxQueued', jobs.maxQueued, DEFAULTS.maxQueuedJobs),
    timeoutMs: duration('jobs.timeoutMs', jobs.timeoutMs, DEFAULTS.jobTimeoutMs),
    logger,
  });
  const services: EngineServices = {
    languages: new Languages(options.languages, options.languagesCacheMs ?? DEFAULTS.languagesCacheMs, (pairs) =>
      validators.check('#/components/schemas/LanguagesResponse', { languagePairs: pairs }),
    ),
    translate: options.translate,
    status: closingAware(options.status ?? (() => 'ok')),
    store,
    runner,
    syncLimiter,
    jobTtlSeconds: positive('jobs.ttlSeconds', jobs.ttlSeconds, DEFAULTS.jobTtlSeconds),
    syncTimeoutMs: duration('sync.timeoutMs', options.sync?.timeoutMs, DEFAULTS.syncTimeoutMs),
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

  let closing: Promise<void> | undefined;
  /** While closing, `/status` tells Phrase to stop routing work here. */
  function closingAware(status: NonNullable<ByoEngineOptions['status']>): NonNullable<ByoEngineOptions['status']> {
    return () => (closing ? 'not_ok' : status());
  }

  async function readValidatedBody(request: EngineRequest, operation: Operation): Promise<unknown> {
    if (!operation.requestSchemaRef) return undefined;
    let body = await readJsonBody(request, maxBodyBytes);
    if (body === undefined) {
      if (operation.requestBodyRequired) throw new HttpError(400, 'Request body is required: send a JSON object');
      body = {};
    }
    assertJsonDepth(body, maxJsonDepth);
    const problem = validators.check(operation.requestSchemaRef, body);
    if (problem) throw new HttpError(400, problem);
    if (operation.requestSchemaRef === TRANSLATE_REQUEST) assertTranslateLimits(body as TranslateRequest, translateLimits);
    return body;
  }

  async function dispatch(request: EngineRequest): Promise<EngineResponse> {
    const match = router.match(request.method, request.path);
    switch (match.kind) {
      case 'not-found':
        return errorResponse(404, `No such endpoint: ${request.method.toUpperCase()} ${request.path.split('?', 1)[0]}`);
      case 'wrong-method':
        return errorResponse(405, `Method ${request.method.toUpperCase()} is not allowed here; use ${match.allowed.join(', ')}`, {
          allow: match.allowed.join(', '),
        });
      case 'extra':
        return match.handler(request);
      case 'operation': {
        if (closing && SUBMISSIONS.has(match.operation.id)) {
          return errorResponse(503, 'The translation server is shutting down; retry shortly', { 'retry-after': '5' });
        }
        const principal = await authenticate(request, match.operation);
        const body = await readValidatedBody(request, match.operation);
        return handlers[match.operation.id]({
          operation: match.operation,
          principal,
          body,
          jobId: match.jobId,
          signal: request.signal,
        });
      }
    }
  }

  /** Answers one request; every failure becomes a JSON error. */
  async function respond(request: EngineRequest): Promise<EngineResponse> {
    try {
      return await dispatch(request);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error.status, error.message, error.headers);
      if (error instanceof JobStoreUnavailableError) {
        logger.warn(errorDetails(error.cause ?? error), 'job store unavailable');
        return errorResponse(503, error.message, { 'retry-after': String(error.retryAfterSeconds) });
      }
      logger.error(errorDetails(error), 'unexpected error while handling a request');
      return errorResponse(500, 'Internal error; the server log has the details');
    }
  }

  return {
    document,
    stats: () => {
      const sync = syncLimiter.stats();
      return { ...runner.stats(), syncRunning: sync.running, syncQueued: sync.queued };
    },
    async handle(request) {
      // A body the answer did not need is read and dropped, so the keep-alive connection stays usable.
      const watched = watchBody(request);
      const response = await respond(watched.request);
      if (await watched.dropUnread()) return response;
      return { ...response, headers: { ...response.headers, connection: 'close' } };
    },
    close(closeOptions = {}) {
      closing ??= (async () => {
        const graceMs = closeOptions.graceMs ?? DEFAULTS.closeGraceMs;
        await Promise.all([runner.close(graceMs), syncLimiter.close(graceMs)]);
        if (ownsStore) await store.close?.();
      })();
      return closing;
    },
  };
}
