import type { GlossaryEntry } from '../../src/index.js';

/** The element that wraps a glossary term; DeepL is told to leave its content alone (`ignore_tags`). */
export const PLACEHOLDER_TAG = 'byo-term';

export interface ProtectedTexts {
  /** The texts to send: unchanged when no term occurs, else XML-escaped with the terms wrapped. */
  texts: string[];
  /** Whether the texts are XML (send `tag_handling=xml` and `ignore_tags`). */
  xml: boolean;
  /** A translation back to plain text, each wrapped term replaced by its glossary translation. */
  restore(translated: string): string;
}

/**
 * Ad-hoc glossary by placeholder protection: every occurrence of a term (whole words, any case, longest
 * term first) becomes `<byo-term i="N">term</byo-term>`. DeepL translates the sentence around it,
 * keeps the element where the term belongs, and leaves its content untouched; the element is then
 * replaced by the term's translation.
 */
export function protectGlossaryTerms(texts: readonly string[], glossary: readonly GlossaryEntry[] | undefined): ProtectedTexts {
  const entries = (glossary ?? []).filter((entry) => entry.term.trim() !== '');
  const pattern = termPattern(entries);
  if (!pattern || !texts.some((text) => new RegExp(pattern.source, pattern.flags).test(text))) {
    return { texts: [...texts], xml: false, restore: (translated) => translated };
  }
  const wrapped = texts.map((text) => {
    let output = '';
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      const index = match.slice(1).findIndex((group) => group !== undefined);
      output += escapeXml(text.slice(last, match.index)) + `<${PLACEHOLDER_TAG} i="${index}">${escapeXml(match[0])}</${PLACEHOLDER_TAG}>`;
      last = match.index + match[0].length;
    }
    return output + escapeXml(text.slice(last));
  });
  const sorted = sortedEntries(entries);
  const back = new RegExp(
    `<${PLACEHOLDER_TAG} i="(\\d+)"\\s*(?:/>|>[\\s\\S]*?</${PLACEHOLDER_TAG}>)|&(#x[0-9a-f]+|#\\d+|lt|gt|amp|quot|apos);`,
    'gi',
  );
  return {
    texts: wrapped,
    xml: true,
    restore: (translated) =>
      translated.replace(back, (whole, termIndex: string | undefined, entity: string | undefined) =>
        termIndex !== undefined ? (sorted[Number(termIndex)]?.translation ?? whole) : unescapeEntity(entity as string),
      ),
  };
}

function sortedEntries(entries: readonly GlossaryEntry[]): GlossaryEntry[] {
  return [...entries].sort((a, b) => b.term.length - a.term.length);
}

/** One capture group per entry (longest first), bounded by non-word characters where the term starts or ends with one. */
function termPattern(entries: readonly GlossaryEntry[]): RegExp | undefined {
  if (entries.length === 0) return undefined;
  const alternatives = sortedEntries(entries).map(({ term }) => {
    const before = /^[\p{L}\p{N}_]/u.test(term) ? '(?<![\\p{L}\\p{N}_])' : '';
    const after = /[\p{L}\p{N}_]$/u.test(term) ? '(?![\\p{L}\\p{N}_])' : '';
    return `${before}(${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})${after}`;
  });
  return new RegExp(alternatives.join('|'), 'giu');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescapeEntity(entity: string): string {
  const lower = entity.toLowerCase();
  if (!lower.startsWith('#')) return NAMED_ENTITIES[lower];
  const codePoint = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
  return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : `&${entity};`;
}
