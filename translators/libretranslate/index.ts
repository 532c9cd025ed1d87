import type { TranslateFunction } from '../../src/index.js';
import { endpointUrl, postJson } from '../engine-http.js';
import { localeMapper, type LocaleTable } from '../locale-table.js';
import { LIBRETRANSLATE_LOCALES, libreTranslateFallback } from './locales.js';

export { LIBRETRANSLATE_LOCALES } from './locales.js';

/** Options of `libreTranslateTranslator`. */
export interface LibreTranslateOptions {
  /** The server, such as `http://localhost:5000`. */
  baseUrl: string;
  /** Sent as `api_key` when the server requires keys. */
  apiKey?: string;
  /** Phrase code -> LibreTranslate code, over `LIBRETRANSLATE_LOCALES`. */
  locales?: LocaleTable;
  /** `text` (default) or `html` when segments carry markup LibreTranslate should keep. */
  format?: 'text' | 'html';
}

interface LibreTranslateAnswer {
  translatedText?: unknown;
}

/**
 * LibreTranslate's `POST /translate` with all segments in its `q` array. LibreTranslate has no glossary
 * support, so the request's glossary is not applied.
 */
export function libreTranslateTranslator(options: LibreTranslateOptions): TranslateFunction {
  const url = endpointUrl(options.baseUrl, 'translate');
  const toEngine = localeMapper(LIBRETRANSLATE_LOCALES, options.locales, libreTranslateFallback);
  const format = options.format ?? 'text';

  return async (request, { signal }) => {
    const body: Record<string, unknown> = {
      q: request.segments.map((segment) => segment.text),
      source: toEngine(request.sourceLanguage),
      target: toEngine(request.targetLanguage),
      format,
    };
    if (options.apiKey) body.api_key = options.apiKey;
    const answer = (await postJson({ engine: 'LibreTranslate', url, body, signal, secrets: [options.apiKey] })) as LibreTranslateAnswer;
    const translations = answer.translatedText;
    if (
      !Array.isArray(translations) ||
      translations.length !== request.segments.length ||
      !translations.every((text) => typeof text === 'string')
    ) {
      throw new Error(`LibreTranslate answered without one translated text per segment (expected ${request.segments.length})`);
    }
    return translations;
  };
}
