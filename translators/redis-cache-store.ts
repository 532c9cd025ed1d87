import type { CacheStore } from './cache-store.js';

/** The two commands the Redis store uses, as an ioredis client has them (ioredis itself is not imported). */
export interface RedisCacheClient {
  /** Reads several keys at once; `null` for a missing one. */
  mget(keys: string[]): Promise<(string | null)[]>;
  /** Writes a key that expires after `seconds`. */
  set(key: string, value: string, expiryMode: 'EX', seconds: number): Promise<unknown>;
  /** Writes a key that never expires. */
  set(key: string, value: string): Promise<unknown>;
}

/** Options of `redisCacheStore`. */
export interface RedisCacheStoreOptions {
  /** Prefix of every key, so several engines or environments can share a Redis. Default `byo-engine:translation:`. */
  prefix?: string;
}

/**
 * A cache shared by every instance of the host app, in Redis. Pass an ioredis client (or anything with
 * the same `mget` and `set`); the store neither opens nor closes it.
 */
export function redisCacheStore(client: RedisCacheClient, options: RedisCacheStoreOptions = {}): CacheStore {
  const prefix = options.prefix ?? 'byo-engine:translation:';
  return {
    async getMany(keys) {
      if (keys.length === 0) return [];
      const values = await client.mget(keys.map((key) => prefix + key));
      return values.map((value) => value ?? undefined);
    },
    async setMany(entries, ttlSeconds) {
      // ioredis writes these without waiting for each reply, so they travel as one pipeline.
      await Promise.all(
        entries.map(([key, value]) =>
          ttlSeconds === undefined ? client.set(prefix + key, value) : client.set(prefix + key, value, 'EX', ttlSeconds),
        ),
      );
    },
  };
}
