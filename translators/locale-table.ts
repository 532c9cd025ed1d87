/** Phrase locale code (lower case, `_` between parts: `en`, `en_us`, `zh_tw`) -> an engine's code. */
export type LocaleTable = Readonly<Record<string, string>>;

/** `en-US`, `EN_us` and `en_us` all become Phrase's form `en_us`. */
export function normalizePhraseLocale(code: string): string {
  return code.trim().toLowerCase().replace(/-/g, '_');
}

/** The language part of a Phrase code: `pt_br` -> `pt`. */
export function languageOf(code: string): string {
  return normalizePhraseLocale(code).split('_')[0];
}

/**
 * A lookup: the caller's overrides first, then the connector's table, then `fallback` (which derives
 * a code for anything not listed).
 */
export function localeMapper(
  table: LocaleTable,
  overrides: LocaleTable | undefined,
  fallback: (phraseCode: string) => string,
): (phraseCode: string) => string {
  const merged = new Map<string, string>();
  for (const [phrase, engine] of Object.entries({ ...table, ...overrides })) merged.set(normalizePhraseLocale(phrase), engine);
  return (code) => {
    const phrase = normalizePhraseLocale(code);
    return merged.get(phrase) ?? fallback(phrase);
  };
}
