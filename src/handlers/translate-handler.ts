import type { TranslateRequest } from '../api-types.js';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/responses.js';
import { childLogger, errorDetails } from '../logger.js';
import { phraseIds } from '../telemetry/phrase-ids.js';
import { buildTranslateResponse, runTranslator } from '../translation/run-translator.js';
import { describeTranslatorError, retryAfterHeaderSeconds, type TranslatorFailure } from '../translation/translator-failure.js';
import { assertPairSupported } from './language-pair-check.js';
import type { EngineServices, OperationHandler } from './operation-call.js';

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

export const translateHandler =
  (services: EngineServices): OperationHandler =>
  async (call) => {
    const request = call.body as TranslateRequest;
    await assertPairSupported(services.languages, request);
    const items = await services.syncLimiter.run(async (signals) => {
      const startedMs = call.telemetry ? performance.now() : 0;
      try {
        const output = await runTranslator(
          services.translate,
          request,
          { principal: call.principal, mode: 'sync' },
          { timeoutMs: services.syncTimeoutMs, signals },
        );
        call.telemetry?.translatorCall(request.segments.length, startedMs, 'ok');
        return output;
      } catch (error) {
        const failure = describeTranslatorError(error);
        call.telemetry?.translatorCall(request.segments.length, startedMs, failure.kind);
        if (failure.kind !== 'timeout' && failure.kind !== 'aborted' && failure.kind !== 'bad-output') {
          const bindings = { operation: call.operation.id, principal: call.principal.name, ...phraseIds(request) };
          childLogger(services.logger, bindings).warn(errorDetails(error), 'translator failed');
        }
        const answer = answerFor(failure);
        throw new HttpError(
          answer.status,
          failure.message,
          answer.headers,
          failure.kind === 'timeout' || failure.kind === 'bad-output' || failure.kind === 'error'
            ? undefined
            : failure.kind.replace('-', '_'),
        );
      }
    }, call.signal);
    return jsonResponse(200, buildTranslateResponse(request, items));
  };
