import { createByoEngine, type ByoEngine, type ByoEngineOptions, type TranslateFunction, type TranslateRequest } from 'byo-engine';

export const API_TOKEN = 'test-token-0123456789abcdef';
export const OTHER_TOKEN = 'other-token-0123456789abcdef';
export const AUTH_HEADERS = { 'x-api-token': API_TOKEN } as const;

/** A deterministic translator that records what it was given. */
export function recordingTranslator(): { translate: TranslateFunction; calls: TranslateRequest[] } {
  const calls: TranslateRequest[] = [];
  const translate: TranslateFunction = (request) => {
    calls.push(request);
    return request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`);
  };
  return { translate, calls };
}

/** An engine as most tests want it: two callers with API tokens, a few language pairs, silent logs. */
export function testEngine(overrides: Partial<ByoEngineOptions> = {}): ByoEngine {
  return createByoEngine({
    translate: recordingTranslator().translate,
    languages: [
      { sourceLanguage: 'en', targetLanguage: 'de' },
      { sourceLanguage: 'en', targetLanguage: 'fr' },
      { sourceLanguage: 'de', targetLanguage: 'en' },
    ],
    auth: { apiTokens: { phrase: API_TOKEN, other: OTHER_TOKEN } },
    logger: silentLogger,
    ...overrides,
  });
}

export const silentLogger = { info() {}, warn() {}, error() {} };

/** A translate body with `count` segments. */
export function translateBody(count = 1, extra: Partial<TranslateRequest> = {}): TranslateRequest {
  return {
    sourceLanguage: 'en',
    targetLanguage: 'de',
    segments: Array.from({ length: count }, (_, index) => ({ idx: String(index), text: `segment ${index}` })),
    ...extra,
  };
}
