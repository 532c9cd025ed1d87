import type { TranslateAsyncResponse, TranslateRequest } from '../api-types.js';
import type { EngineResponse } from '../http/engine-request.js';
import { jsonResponse } from '../http/responses.js';
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js';
import { assertPairSupported } from './language-pair-check.js';
import type { EngineServices, OperationCall, OperationHandler } from './operation-call.js';

/** Hands the job to the job backend and answers its id at once; the translation runs in the background. */
export const translateAsyncHandler =
  (services: EngineServices): OperationHandler =>
  (call) => {
    const request = call.body as TranslateRequest;
    const checking = assertPairSupported(services.languages, request);
    return checking ? checking.then(() => submit(services, call, request)) : submit(services, call, request);
  };

function submit(services: EngineServices, call: OperationCall, request: TranslateRequest): MaybePromise<EngineResponse> {
  const traced = call.telemetry;
  const telemetry = traced && ((jobId: string) => traced.submitJob(jobId, request));
  const id = services.jobs.submit(request, call.principal, call.owner, telemetry || undefined);
  return isPromiseLike(id) ? Promise.resolve(id).then(answerId) : answerId(id);
}

function answerId(id: string): EngineResponse {
  const response: TranslateAsyncResponse = { id };
  return jsonResponse(200, response);
}
