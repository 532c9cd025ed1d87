import type { TranslateRequest } from '../api-types.js';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/responses.js';
import { childLogger, errorDetails } from '../logger.js';
import { phraseIds } from '../telemetry/phrase-ids.js';
import { buildTranslateResponse, runTranslator } from '../translation/run-translator.js';
import { describeTranslatorError, type TranslatorFailure } from '../translation/translator-failure.js';
import { assertPairSupported } from './language-pair-check.js';
import type { EngineServices, OperationHandler } from './operation-call.js';

/** 504 for a timeout, 503 when the server shut down (or the caller left) mid-translation, 500 otherwise. */
function statusFor(failure: TranslatorFailure): number {
  if (failure.kind === 'timeout') return 504;
  return failure.kind === 'aborted' ? 503 : 500;
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
        if (failure.kind === 'error') {
          const bindings = { operation: call.operation.id, principal: call.principal.name, ...phraseIds(request) };
          childLogger(services.logger, bindings).warn(errorDetails(error), 'translator failed');
        }
        const headers: Record<string, string> = failure.kind === 'aborted' ? { 'retry-after': '5' } : {};
        throw new HttpError(statusFor(failure), failure.message, headers, failure.kind === 'aborted' ? 'translation_aborted' : undefined);
      }
    }, call.signal);
    return jsonResponse(200, buildTranslateResponse(request, items));
  };
