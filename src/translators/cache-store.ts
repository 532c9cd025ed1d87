import { LRUCache } from 'lru-cache';

/** Where `cached` keeps translations: opaque string values under opaque string keys (hashes). */
export interface CacheStore {
  /** The values of `keys`, in the same order; `undefined` where there is none. */
  getMany(keys: readonly string[]): Promise<readonly (string | undefined)[]>;
  /** Stores the entries; `ttlSeconds` undefined means no expiry. */
  setMany(entries: readonly (readonly [key: string, value: string])[], ttlSeconds: number | undefined): Promise<void>;
}

export interface MemoryCacheStoreOptions {
  /** Entries kept; the least recently used go first. Default 10,000. */
  maxEntries?: number;
}

/** One process's cache: an LRU (lru-cache) bounded by entry count, with per-entry expiry. */
export function memoryCacheStore(options: MemoryCacheStoreOptions = {}): CacheStore {
  const cache = new LRUCache<string, string>({ max: options.maxEntries ?? 10_000 });
  return {
    async getMany(keys) {
      return keys.map((key) => cache.get(key));
    },
    async setMany(entries, ttlSeconds) {
      for (const [key, value] of entries) cache.set(key, value, ttlSeconds === undefined ? undefined : { ttl: ttlSeconds * 1000 });
    },
  };
}
