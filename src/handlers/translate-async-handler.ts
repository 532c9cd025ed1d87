import { randomUUID } from 'node:crypto';
import type { TranslateAsyncResponse, TranslateRequest } from '../api-types.js';
import { jsonResponse } from '../http/responses.js';
import { assertPairSupported } from './language-pair-check.js';
import type { EngineServices, OperationHandler } from './operation-call.js';

/** Stores the job and answers its id at once; the runner translates in the background. */
export const translateAsyncHandler =
  (services: EngineServices): OperationHandler =>
  async (call) => {
    const request = call.body as TranslateRequest;
    await assertPairSupported(services.languages, request);
    const releasePlace = services.runner.reserve();
    const id = randomUUID();
    try {
      await services.store.create({ id, owner: call.principal.name, createdAt: Date.now(), ttlSeconds: services.jobTtlSeconds });
    } finally {
      releasePlace(); // `start` takes the place over in the same tick
    }
    services.runner.start(id, request, call.principal, call.telemetry?.submitJob(id, request));
    const response: TranslateAsyncResponse = { id };
    return jsonResponse(200, response);
  };
