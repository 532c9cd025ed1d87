import type { LanguagesResponse } from '../api-types.js';
import { jsonResponse } from '../http/responses.js';
import type { EngineServices, OperationHandler } from './operation-call.js';

export const languagesHandler =
  (services: EngineServices): OperationHandler =>
  async () => {
    const response: LanguagesResponse = { languagePairs: [...(await services.languages.list())] };
    return jsonResponse(200, response);
  };
