import type { TranslatedItem } from '../src/index.js';

/** Throws unless a wrapped translator returned a list of one item per segment (JavaScript may return anything). */
export function checkItemCount(output: readonly TranslatedItem[], segments: number): void {
  const value: unknown = output;
  if (!Array.isArray(value) || value.length !== segments) {
    throw new Error(`translator returned ${Array.isArray(value) ? value.length : typeof value} items for ${segments} segments`);
  }
}
