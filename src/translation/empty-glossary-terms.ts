import type { TranslateRequest } from '../api-types.js';

/**
 * Removes glossary entries whose term is empty: the spec allows them, but they name no text to replace,
 * and a translator that replaces terms naively (`text.split(term)`) would multiply every character by
 * the translation. The array is replaced only when such an entry is there.
 */
export function dropEmptyGlossaryTerms(request: TranslateRequest): void {
  const glossary = request.glossary;
  if (glossary?.some((entry) => entry.term === '')) request.glossary = glossary.filter((entry) => entry.term !== '');
}
