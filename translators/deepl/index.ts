import type { Metadata, TranslateRequest } from '../../src/index.js';
import type { TranslateContext, TranslateFunction } from '../../src/index.js';
import { splitIntoBatches } from '../batched.js';
import { endpointUrl, postJson } from '../engine-http.js';
import { localeMapper, type LocaleTable } from '../locale-table.js';
import { PLACEHOLDER_TAG, protectGlossaryTerms } from './glossary-placeholders.js';
import { DEEPL_SOURCE_LOCALES, DEEPL_TARGET_LOCALES, deeplFallback } from './locales.js';

export { DEEPL_SOURCE_LOCALES, DEEPL_TARGET_LOCALES } from './locales.js';

/** Options of `deeplTranslator`. */
export interface DeepLOptions {
  /** The DeepL API auth key. Keys ending in `:fx` use the free host `api-free.deepl.com`, others `api.deepl.com`. */
  authKey: string;
  /** Overrides the host chosen from the key (a proxy, or a test server), such as `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /** Phrase code -> DeepL source code, over `DEEPL_SOURCE_LOCALES`. */
  sourceLocales?: LocaleTable;
  /** Phrase code -> DeepL target code, over `DEEPL_TARGET_LOCALES`. */
  targetLocales?: LocaleTable;
  /** The id of a glossary you created with DeepL's glossary API, for this request (or undefined). */
  glossaryId?: (request: TranslateRequest) => string | undefined;
  /** Texts per DeepL call (DeepL accepts at most 50). Larger requests are sent in turn. Default 50. */
  maxTextsPerRequest?: number;
}

type DeepLFormality = 'default' | 'more' | 'less' | 'prefer_more' | 'prefer_less';

// `prefer_*` rather than `more`/`less`: DeepL rejects `more`/`less` for targets without formality.
const FORMALITY: Record<string, DeepLFormality> = {
  formal: 'prefer_more',
  informal: 'prefer_less',
  more: 'more',
  less: 'less',
  prefer_more: 'prefer_more',
  prefer_less: 'prefer_less',
  default: 'default',
};

/** DeepL formality from request metadata `formality` (`formal`, `informal`, or a DeepL value); other values are ignored. */
export function deeplFormality(metadata: Metadata | undefined): DeepLFormality | undefined {
  const value = metadata?.formality;
  return typeof value === 'string' ? FORMALITY[value.toLowerCase()] : undefined;
}

/** DeepL's host for a key: free-plan keys end in `:fx`. */
export function deeplHost(authKey: string): string {
  return authKey.endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com';
}

interface DeepLAnswer {
  translations?: { text?: unknown }[];
}

/**
 * DeepL API v2 `POST /v2/translate`. The ad-hoc glossary is applied by placeholder protection (see
 * `protectGlossaryTerms`); formality comes from request metadata `formality`.
 */
export function deeplTranslator(options: DeepLOptions): TranslateFunction {
  const url = endpointUrl(options.baseUrl ?? deeplHost(options.authKey), 'v2/translate');
  const toSource = localeMapper(DEEPL_SOURCE_LOCALES, options.sourceLocales, deeplFallback);
  const toTarget = localeMapper(DEEPL_TARGET_LOCALES, options.targetLocales, deeplFallback);
  const maxTexts = options.maxTextsPerRequest ?? 50;

  const translateOneCall = async (request: TranslateRequest, { signal }: TranslateContext): Promise<string[]> => {
    const protectedTexts = protectGlossaryTerms(
      request.segments.map((segment) => segment.text),
      request.glossary,
    );
    const body: Record<string, unknown> = {
      text: protectedTexts.texts,
      source_lang: toSource(request.sourceLanguage),
      target_lang: toTarget(request.targetLanguage),
    };
    const formality = deeplFormality(request.metadata);
    if (formality) body.formality = formality;
    const glossaryId = options.glossaryId?.(request);
    if (glossaryId) body.glossary_id = glossaryId;
    if (protectedTexts.xml) {
      body.tag_handling = 'xml';
      body.ignore_tags = [PLACEHOLDER_TAG];
    }
    const answer = (await postJson({
      engine: 'DeepL',
      url,
      headers: { authorization: `DeepL-Auth-Key ${options.authKey}` },
      body,
      signal,
      secrets: [options.authKey],
      describeStatus,
    })) as DeepLAnswer;
    const translations = answer.translations;
    if (
      !Array.isArray(translations) ||
      translations.length !== request.segments.length ||
      !translations.every((t) => typeof t?.text === 'string')
    ) {
      throw new Error(`DeepL answered without one translation per text (expected ${request.segments.length})`);
    }
    return translations.map((translation) => protectedTexts.restore(translation.text as string));
  };

  // DeepL takes at most 50 texts and 128 KiB per call; bigger requests go in consecutive calls,
  // errors unchanged so that withRetry still sees DeepL's status.
  return async (request, context) => {
    const results: string[] = [];
    for (const { start, end } of splitIntoBatches(request.segments, maxTexts, 30_000)) {
      results.push(...(await translateOneCall({ ...request, segments: request.segments.slice(start, end) }, context)));
    }
    return results;
  };
}

function describeStatus(status: number): string | undefined {
  switch (status) {
    case 403:
      return 'DeepL rejected the auth key (HTTP 403): check the key, and that free keys (ending in :fx) use api-free.deepl.com';
    case 413:
      return 'DeepL refused the request as too large (HTTP 413)';
    case 429:
      return 'DeepL is rate limiting requests (HTTP 429)';
    case 456:
      return "DeepL quota exceeded (HTTP 456): the account's character limit for this billing period is used up";
    case 529:
      return 'DeepL is overloaded (HTTP 529)';
    default:
      return undefined;
  }
}
