import type { TranslateRequest } from '../api-types.js';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/responses.js';
import { errorDetails } from '../logger.js';
import { buildTranslateResponse, runTranslator } from '../translation/run-translator.js';
import { describeTranslatorError } from '../translation/translator-failure.js';
import { assertPairSupported } from './language-pair-check.js';
import type { EngineServices, OperationHandler } from './operation-call.js';

export const translateHandler =
  (services: EngineServices): OperationHandler =>
  async (call) => {
    const request = call.body as TranslateRequest;
    await assertPairSupported(services.languages, request);
    try {
      const items = await runTranslator(
        services.translate,
        request,
        { principal: call.principal, mode: 'sync' },
        { timeoutMs: services.syncTimeoutMs, signal: call.signal },
      );
      return jsonResponse(200, buildTranslateResponse(request, items));
    } catch (error) {
      const failure = describeTranslatorError(error);
      if (failure.kind === 'error') services.logger.warn(errorDetails(error), 'translator failed');
      throw new HttpError(failure.kind === 'timeout' ? 504 : 500, failure.message);
    }
  };
