import type { TranslateRequest } from '../api-types.js';
import { HttpError } from '../http/http-error.js';
import type { Languages } from '../languages.js';

const unsupported = (request: TranslateRequest) =>
  new HttpError(
    400,
    `Language pair ${request.sourceLanguage} -> ${request.targetLanguage} is not supported; POST /languages lists the supported pairs`,
  );

/** 400 naming the pair when no supported pair covers it; `undefined` at once when the list is at hand and covers it. */
export function assertPairSupported(languages: Languages, request: TranslateRequest): Promise<void> | undefined {
  const covered = languages.covers(request.sourceLanguage, request.targetLanguage);
  if (covered === true) return undefined;
  if (covered === false) throw unsupported(request);
  return covered.then((isCovered) => {
    if (!isCovered) throw unsupported(request);
  });
}
