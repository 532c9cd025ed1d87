import type { TranslateRequest } from '../api-types.js';
import type { EngineResponse } from '../http/engine-request.js';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/responses.js';
import { childLogger, errorDetails } from '../logger.js';
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js';
import { phraseIds } from '../telemetry/phrase-ids.js';
import { buildTranslateResponse, runTranslator } from '../translation/run-translator.js';
import { describeTranslatorError, retryAfterHeaderSeconds, type TranslatorFailure } from '../translation/translator-failure.js';
import type { TranslatedItem } from '../translation/translator.js';
import { assertPairSupported } from './language-pair-check.js';
import type { EngineServices, OperationCall, OperationHandler } from './operation-call.js';

/**
 * 504 for our timeout, 503 when the server shut down (or the caller left) mid-translation or the backend is
 * unavailable, 429 when the backend is rate limiting, 500 otherwise (a backend refusing the request included).
 */
function answerFor(failure: TranslatorFailure): { status: number; headers: Record<string, string> } {
  switch (failure.kind) {
    case 'timeout':
      return { status: 504, headers: {} };
    case 'aborted':
      return { status: 503, headers: { 'retry-after': '5' } };
    case 'backend-busy':
      return { status: 429, headers: { 'retry-after': String(retryAfterHeaderSeconds(failure)) } };
    case 'backend-unavailable':
      return { status: 503, headers: { 'retry-after': String(retryAfterHeaderSeconds(failure)) } };
    default:
      return { status: 500, headers: {} };
  }
}

/** The error answer for a translator failure, logged when it is the backend's doing. */
function translatorFailed(services: EngineServices, call: OperationCall, request: TranslateRequest, startedMs: number, error: unknown) {
  const failure = describeTranslatorError(error);
  call.telemetry?.translatorCall(request.segments.length, startedMs, failure.kind);
  if (failure.kind !== 'timeout' && failure.kind !== 'aborted' && failure.kind !== 'bad-output') {
    const bindings = { operation: call.operation.id, principal: call.principal.name, ...phraseIds(request) };
    childLogger(services.logger, bindings).warn(errorDetails(error), 'translator failed');
  }
  const answer = answerFor(failure);
  return new HttpError(
    answer.status,
    failure.message,
    answer.headers,
    failure.kind === 'timeout' || failure.kind === 'bad-output' || failure.kind === 'error' ? undefined : failure.kind.replace('-', '_'),
  );
}

/** One translator call in a sync slot; answers at once when the translator did. */
function translateInSlot(
  services: EngineServices,
  call: OperationCall,
  request: TranslateRequest,
): MaybePromise<readonly TranslatedItem[]> {
  const startedMs = call.telemetry ? performance.now() : 0;
  let output: MaybePromise<readonly TranslatedItem[]>;
  try {
    output = runTranslator(services.translate, request, { principal: call.principal, mode: 'sync' }, services.syncRun, call);
  } catch (error) {
    throw translatorFailed(services, call, request, startedMs, error);
  }
  if (!isPromiseLike(output)) {
    call.telemetry?.translatorCall(request.segments.length, startedMs, 'ok');
    return output;
  }
  return output.then(
    (items) => {
      call.telemetry?.translatorCall(request.segments.length, startedMs, 'ok');
      return items;
    },
    (error: unknown) => {
      throw translatorFailed(services, call, request, startedMs, error);
    },
  );
}

function translate(services: EngineServices, call: OperationCall, request: TranslateRequest): MaybePromise<EngineResponse> {
  const items = services.syncLimiter.run(() => translateInSlot(services, call, request));
  return isPromiseLike(items)
    ? Promise.resolve(items).then((settled) => jsonResponse(200, buildTranslateResponse(request, settled)))
    : jsonResponse(200, buildTranslateResponse(request, items));
}

export const translateHandler =
  (services: EngineServices): OperationHandler =>
  (call) => {
    const request = call.body as TranslateRequest;
    const pairChecked = assertPairSupported(services.languages, request);
    return pairChecked ? pairChecked.then(() => translate(services, call, request)) : translate(services, call, request);
  };
