import type { LRUCache } from 'lru-cache';

/** Where `cached` keeps translations: opaque string values under opaque string keys (hashes). */
export interface CacheStore {
  /** The values of `keys`, in the same order; `undefined` where there is none. */
  getMany(keys: readonly string[]): Promise<readonly (string | undefined)[]>;
  /** Stores the entries; `ttlSeconds` undefined means no expiry. */
  setMany(entries: readonly (readonly [key: string, value: string])[], ttlSeconds: number | undefined): Promise<void>;
}

/** Options of `memoryCacheStore`. */
export interface MemoryCacheStoreOptions {
  /** Entries kept; the least recently used go first. Default 10,000. */
  maxEntries?: number;
}

/**
 * One process's cache: an LRU (lru-cache, an optional peer dependency loaded on first use) bounded by
 * entry count, with per-entry expiry.
 */
export function memoryCacheStore(options: MemoryCacheStoreOptions = {}): CacheStore {
  const max = options.maxEntries ?? 10_000;
  let cache: Promise<LRUCache<string, string>> | undefined;
  const lru = () => (cache ??= loadLruCache().then((LRU) => new LRU<string, string>({ max })));
  return {
    async getMany(keys) {
      const store = await lru();
      return keys.map((key) => store.get(key));
    },
    async setMany(entries, ttlSeconds) {
      const store = await lru();
      for (const [key, value] of entries) store.set(key, value, ttlSeconds === undefined ? undefined : { ttl: ttlSeconds * 1000 });
    },
  };
}

async function loadLruCache(): Promise<typeof LRUCache> {
  try {
    return (await import('lru-cache')).LRUCache;
  } catch {
    throw new Error('byo-engine: memoryCacheStore needs the lru-cache package; install it with `npm install lru-cache`');
  }
}
