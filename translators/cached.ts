import type { Segment } from '../src/index.js';
import type { TranslateFunction, TranslatedItem } from '../src/index.js';
import { cacheKeyBuilder, type CacheKeyOptions } from './cache-key.js';
import { memoryCacheStore, type CacheStore } from './cache-store.js';
import { checkItemCount } from './item-count.js';

/** Options of `cached`: where translations are kept, for how long, and what makes them differ. */
export interface CachedOptions extends CacheKeyOptions {
  /** Where translations are kept. Default: `memoryCacheStore()` (10,000 entries, this process only). */
  store?: CacheStore;
  /** How long a translation is reused. Default 604,800 (7 days); `0` keeps it until the store evicts it. */
  ttlSeconds?: number;
  /** A store that fails is bypassed (the request is translated as if nothing was cached); this hears about it. */
  onStoreError?: (error: unknown) => void;
}

/** What `cached` has done so far, from `stats()`. */
export interface CacheStats {
  /** Segments answered from the store. */
  hits: number;
  /** Segments not found in the store. */
  misses: number;
  /** Segments sent to the wrapped translator (misses less repeats within a request). */
  translated: number;
  /** Store reads or writes that failed. */
  storeErrors: number;
}

/** A translator from `cached`: translates, and reports its cache counts. */
export type CachedTranslateFunction = TranslateFunction & {
  /** Counts since the function was made. */
  stats(): CacheStats;
};

/**
 * Reuses translations already made for the same language pair, glossary, metadata and text. Only the
 * segments not in the store go to the wrapped translator, once each, in one call, in request order.
 */
export function cached(translate: TranslateFunction, options: CachedOptions = {}): CachedTranslateFunction {
  const store = options.store ?? memoryCacheStore();
  const ttl = options.ttlSeconds ?? 604_800;
  if (!Number.isInteger(ttl) || ttl < 0) throw new RangeError(`cached: ttlSeconds must be a whole number of at least 0, got ${ttl}`);
  const ttlSeconds = ttl === 0 ? undefined : ttl;
  const keysFor = cacheKeyBuilder(options);
  const counts: CacheStats = { hits: 0, misses: 0, translated: 0, storeErrors: 0 };
  const storeFailed = (error: unknown) => {
    counts.storeErrors++;
    options.onStoreError?.(error);
  };

  const cachedTranslate: TranslateFunction = async (request, context) => {
    const keyOf = keysFor(request);
    const keys = request.segments.map(keyOf);
    const stored = await store.getMany(keys).catch((error: unknown) => {
      storeFailed(error);
      return [];
    });
    const items: (TranslatedItem | undefined)[] = keys.map((_, index) => readItem(stored[index]));

    // Each missing key once, at its first position.
    const missing = new Map<string, Segment>();
    items.forEach((item, index) => {
      if (item === undefined && !missing.has(keys[index])) missing.set(keys[index], request.segments[index]);
    });
    const hits = items.filter((item) => item !== undefined).length;
    counts.hits += hits;
    counts.misses += items.length - hits;
    if (missing.size === 0) return items as TranslatedItem[];

    counts.translated += missing.size;
    const output = await translate({ ...request, segments: [...missing.values()] }, context);
    checkItemCount(output, missing.size);
    const fresh = new Map<string, TranslatedItem>();
    [...missing.keys()].forEach((key, index) => fresh.set(key, output[index]));
    await store
      .setMany(
        [...fresh].filter(([, item]) => isTranslatedItem(item)).map(([key, item]) => [key, JSON.stringify(item)] as const),
        ttlSeconds,
      )
      .catch(storeFailed);
    return items.map((item, index) => item ?? (fresh.get(keys[index]) as TranslatedItem));
  };

  return Object.assign(cachedTranslate, { stats: (): CacheStats => ({ ...counts }) });
}

function isTranslatedItem(value: unknown): value is TranslatedItem {
  return (
    typeof value === 'string' ||
    (typeof value === 'object' && value !== null && typeof (value as { translatedText?: unknown }).translatedText === 'string')
  );
}

/** A stored value back into an item; anything unreadable counts as a miss. */
function readItem(value: string | undefined): TranslatedItem | undefined {
  if (value === undefined) return undefined;
  try {
    const item: unknown = JSON.parse(value);
    return isTranslatedItem(item) ? item : undefined;
  } catch {
    return undefined;
  }
}
