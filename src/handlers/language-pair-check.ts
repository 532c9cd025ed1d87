import type { TranslateRequest } from '../api-types.js';
import { HttpError } from '../http/http-error.js';
import type { Languages } from '../languages.js';

/** 400 naming the pair when no supported pair covers it. */
export async function assertPairSupported(languages: Languages, request: TranslateRequest): Promise<void> {
  if (await languages.covers(request.sourceLanguage, request.targetLanguage)) return;
  throw new HttpError(
    400,
    `Language pair ${request.sourceLanguage} -> ${request.targetLanguage} is not supported; POST /languages lists the supported pairs`,
  );
}
