import { languageOf, type LocaleTable } from '../locale-table.js';

/**
 * Phrase codes -> DeepL target codes where the plain upper-case language is not right. DeepL wants a
 * variant for English, Portuguese and Chinese targets; `en` goes to `EN-US` and `pt` to `PT-PT`.
 * Anything not listed is sent as its upper-case language part (`de_at` -> `DE`).
 */
export const DEEPL_TARGET_LOCALES: LocaleTable = {
  en: 'EN-US',
  en_us: 'EN-US',
  en_gb: 'EN-GB',
  en_au: 'EN-GB',
  en_ie: 'EN-GB',
  en_nz: 'EN-GB',
  pt: 'PT-PT',
  pt_pt: 'PT-PT',
  pt_br: 'PT-BR',
  zh: 'ZH-HANS',
  zh_cn: 'ZH-HANS',
  zh_sg: 'ZH-HANS',
  zh_hans: 'ZH-HANS',
  zh_tw: 'ZH-HANT',
  zh_hk: 'ZH-HANT',
  zh_mo: 'ZH-HANT',
  zh_hant: 'ZH-HANT',
  no: 'NB',
  nn: 'NB',
};

/** Phrase codes -> DeepL source codes where the plain language is not right (sources have no variants). */
export const DEEPL_SOURCE_LOCALES: LocaleTable = {
  no: 'NB',
  nn: 'NB',
};

export const deeplFallback = (code: string): string => languageOf(code).toUpperCase();
