import type { LanguagePair, TranslateRequest } from '../../src/index.js';

/** The API token of the benchmark's only caller. */
export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
export const BENCH_CALLER = 'phrase';
export const BENCH_LANGUAGES: LanguagePair[] = [{ sourceLanguage: 'en', targetLanguage: 'de' }];

/** A translate request of `count` sentence-long segments, as Phrase sends them. */
export function translateRequest(count: number): TranslateRequest {
  return {
    sourceLanguage: 'en',
    targetLanguage: 'de',
    segments: Array.from({ length: count }, (_, index) => ({
      idx: String(index),
      text: `Segment ${index}: the quick brown fox jumps over the lazy dog.`,
    })),
  };
}

/** The no-op backend both the bare routes and the engine call: it answers each segment's own text. */
export const noopTranslate = (request: TranslateRequest): string[] => request.segments.map((segment) => segment.text);

export const silentLogger = { info() {}, warn() {}, error() {} };
