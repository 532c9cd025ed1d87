// `byo-engine/translators`: the engine-side toolkit that wraps any translate function.
export { batched, BatchError, type BatchOptions } from './batched.js';
export { cached, type CachedOptions, type CachedTranslateFunction, type CacheStats } from './cached.js';
export type { CacheKeyOptions } from './cache-key.js';
export { memoryCacheStore, type CacheStore, type MemoryCacheStoreOptions } from './cache-store.js';
export { redisCacheStore, type RedisCacheClient, type RedisCacheStoreOptions } from './redis-cache-store.js';
export { withRetry, exponentialBackoff, type RetryInfo, type RetryOptions } from './with-retry.js';
export { EngineHttpError, EngineNetworkError, isTransientEngineError, isTransientStatus, parseRetryAfter } from './engine-errors.js';
export { localeMapper, normalizePhraseLocale, type LocaleTable } from './locale-table.js';
