import { languageOf, type LocaleTable } from '../locale-table.js';

/**
 * Phrase codes -> LibreTranslate codes where they differ from the plain language part. LibreTranslate
 * (Argos models) has one code per language, plus `zt` for Traditional Chinese and `pb` for Brazilian
 * Portuguese; anything not listed is sent as its language part (`de_at` -> `de`).
 */
export const LIBRETRANSLATE_LOCALES: LocaleTable = {
  zh_tw: 'zt',
  zh_hk: 'zt',
  zh_mo: 'zt',
  zh_hant: 'zt',
  pt_br: 'pb',
  no: 'nb',
};

export const libreTranslateFallback = languageOf;
