import type { LanguagePair, Segment, TranslateRequest } from '../src/index.js';

/** Phrase sends at most this many segments in one request (the document's `maxItems`). */
export const MAX_SEGMENTS = 500;

export function numberedSegments(count: number, label = 'Segment'): Segment[] {
  return Array.from({ length: count }, (_, index) => ({
    idx: String(index + 1),
    text: `${label} ${index + 1}: the quick brown fox jumps over the lazy dog.`,
  }));
}

export function translateRequest(pair: LanguagePair, segments: Segment[], extra: Partial<TranslateRequest> = {}): TranslateRequest {
  return { sourceLanguage: pair.sourceLanguage, targetLanguage: pair.targetLanguage, segments, ...extra };
}

/** Text that breaks engines which mishandle encodings: accents, CJK, right-to-left, emoji, astral planes. */
export const UNICODE_SEGMENTS: Segment[] = [
  'Grüße aus Köln – “quotes”, <b>markup</b> & entities',
  '日本語のテキストと中文文本',
  'مرحبا بالعالم',
  'שלום עולם',
  'Emoji 👋🏽 👩‍👩‍👧‍👦 🇩🇪',
  'Combining e\u0301 vs \u00e9, zero\u200dwidth joiner, no\u00a0break space',
  'Astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈',
  'Tab\tnewline\nbackslash\\ quote"',
].map((text, index) => ({ idx: `u${index + 1}`, text }));

/** A request as Phrase sends it with an ad-hoc glossary and request- and segment-level metadata. */
export function glossaryRequest(pair: LanguagePair): TranslateRequest {
  return translateRequest(
    pair,
    [
      { idx: 'g1', text: 'Open the dashboard to see every engine.', metadata: { key: 'dashboard.hint' } },
      { idx: 'g2', text: 'The engine answers in the target language.', metadata: { key: 'engine.answer', maxLength: 80 } },
    ],
    {
      glossary: [
        { term: 'dashboard', translation: 'Dashboard' },
        { term: 'engine', translation: 'Engine' },
      ],
      metadata: { formality: 'informal', domain: 'software', project_uid: 'byo-engine-check', job_uid: 'check-job' },
    },
  );
}
