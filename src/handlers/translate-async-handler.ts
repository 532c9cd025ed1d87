import type { TranslateAsyncResponse, TranslateRequest } from '../api-types.js';
import { jsonResponse } from '../http/responses.js';
import { assertPairSupported } from './language-pair-check.js';
import type { EngineServices, OperationHandler } from './operation-call.js';

/** Hands the job to the job backend and answers its id at once; the translation runs in the background. */
export const translateAsyncHandler =
  (services: EngineServices): OperationHandler =>
  async (call) => {
    const request = call.body as TranslateRequest;
    await assertPairSupported(services.languages, request);
    const id = await services.jobs.submit(request, call.principal, call.owner, (jobId) => call.telemetry?.submitJob(jobId, request));
    const response: TranslateAsyncResponse = { id };
    return jsonResponse(200, response);
  };
