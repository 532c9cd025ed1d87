import type { StatusResponse } from '../api-types.js';
import { jsonResponse } from '../http/responses.js';
import { errorDetails } from '../logger.js';
import type { EngineServices, OperationHandler } from './operation-call.js';

export const statusHandler =
  (services: EngineServices): OperationHandler =>
  async () => {
    let status: StatusResponse['status'];
    try {
      status = (await services.status()) === 'ok' ? 'ok' : 'not_ok';
    } catch (error) {
      services.logger.warn(errorDetails(error), 'status check failed; answering not_ok');
      status = 'not_ok';
    }
    const response: StatusResponse = { status };
    return jsonResponse(200, response);
  };
