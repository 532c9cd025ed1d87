import type { LocaleTable } from '../locale-table.js';

/**
 * Phrase codes -> the BCP 47 tags named in the prompt, where the generic conversion (`pt_br` -> `pt-BR`,
 * `sr_latn` -> `sr-Latn`) is not what a model understands best. The prompt shows the tag and its
 * English name, such as "Chinese, Traditional (Taiwan) [zh-Hant-TW]".
 */
export const OPENAI_LOCALES: LocaleTable = {
  zh: 'zh-Hans',
  zh_cn: 'zh-Hans-CN',
  zh_sg: 'zh-Hans-SG',
  zh_tw: 'zh-Hant-TW',
  zh_hk: 'zh-Hant-HK',
  zh_mo: 'zh-Hant-MO',
};

/** `pt_br` -> `pt-BR`, `sr_latn_rs` -> `sr-Latn-RS`. */
export function bcp47Tag(phraseCode: string): string {
  const [language, ...rest] = phraseCode.split('_');
  const parts = rest.map((part) => (part.length === 4 ? part[0].toUpperCase() + part.slice(1) : part.toUpperCase()));
  return [language, ...parts].join('-');
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** "German (Switzerland) [de-CH]", or just the tag when it has no English name. */
export function describeLanguage(tag: string): string {
  try {
    const name = languageNames.of(tag);
    return name && name !== tag ? `${name} [${tag}]` : tag;
  } catch {
    return tag;
  }
}
