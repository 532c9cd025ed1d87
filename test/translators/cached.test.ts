import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TranslateFunction, type TranslateRequest } from 'byo-engine';
import { cached, memoryCacheStore, redisCacheStore, type CacheStore } from 'byo-engine/translators';
import { requestOf, testContext } from './fake-engine.js';

/** A translator that records the texts it was asked for and answers `<target>text`. */
function countingTranslator(): { translate: TranslateFunction; asked: string[][] } {
  const asked: string[][] = [];
  const translate: TranslateFunction = (request) => {
    asked.push(request.segments.map((segment) => segment.text));
    return request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`);
  };
  return { translate, asked };
}

describe('cached', () => {
  it('translates only what is not cached, each repeated text once, and answers in request order', async () => {
    const engine = countingTranslator();
    const translate = cached(engine.translate);
    expect(await translate(requestOf(['a', 'b', 'a', 'c', 'b']), testContext())).toEqual(['<de>a', '<de>b', '<de>a', '<de>c', '<de>b']);
    expect(engine.asked).toEqual([['a', 'b', 'c']]);
    expect(translate.stats()).toEqual({ hits: 0, misses: 5, translated: 3, storeErrors: 0 });

    expect(await translate(requestOf(['d', 'c', 'a', 'd']), testContext())).toEqual(['<de>d', '<de>c', '<de>a', '<de>d']);
    expect(engine.asked).toEqual([['a', 'b', 'c'], ['d']]);
    expect(translate.stats()).toEqual({ hits: 2, misses: 7, translated: 4, storeErrors: 0 });

    expect(await translate(requestOf(['b', 'a']), testContext())).toEqual(['<de>b', '<de>a']);
    expect(engine.asked).toHaveLength(2);
    expect(translate.stats().hits).toBe(4);
  });

  it('keeps translations apart by language pair, glossary and metadata; ignores key order', async () => {
    const engine = countingTranslator();
    const translate = cached(engine.translate);
    const base = requestOf(['hello'], {
      glossary: [
        { term: 'a', translation: 'b' },
        { term: 'c', translation: 'd' },
      ],
      metadata: { formality: 'informal', domain: 'legal' },
    });
    const variants: TranslateRequest[] = [
      base,
      { ...base, targetLanguage: 'fr' },
      { ...base, sourceLanguage: 'en_us' },
      {
        ...base,
        glossary: [
          { term: 'a', translation: 'x' },
          { term: 'c', translation: 'd' },
        ],
      },
      { ...base, glossary: undefined },
      { ...base, metadata: { formality: 'formal', domain: 'legal' } },
      { ...base, metadata: undefined },
      { ...base, segments: [{ text: 'hello', metadata: { context: 'button' } }] },
    ];
    for (const variant of variants) await translate(variant, testContext());
    expect(engine.asked).toHaveLength(variants.length);

    // The same meaning written differently is a hit.
    await translate(
      { ...base, glossary: [...base.glossary!].reverse(), metadata: { domain: 'legal', formality: 'informal' } },
      testContext(),
    );
    expect(engine.asked).toHaveLength(variants.length);
  });

  it('looks only at the chosen metadata keys when told which matter', async () => {
    const engine = countingTranslator();
    const translate = cached(engine.translate, { metadataKeys: ['formality'], segmentMetadataKeys: [] });
    await translate(requestOf(['hello'], { metadata: { formality: 'informal', job_uid: 'job-1' } }), testContext());
    await translate(
      {
        ...requestOf(['hello'], { metadata: { formality: 'informal', job_uid: 'job-2' } }),
        segments: [{ text: 'hello', metadata: { key: 'k2' } }],
      },
      testContext(),
    );
    expect(engine.asked).toHaveLength(1);
    await translate(requestOf(['hello'], { metadata: { formality: 'formal', job_uid: 'job-1' } }), testContext());
    expect(engine.asked).toHaveLength(2);
  });

  it('keeps segment metadata the translator returned', async () => {
    const translate = cached((request) => request.segments.map((segment) => ({ translatedText: segment.text, metadata: { score: 0.9 } })));
    await translate(requestOf(['x']), testContext());
    expect(await translate(requestOf(['x']), testContext())).toEqual([{ translatedText: 'x', metadata: { score: 0.9 } }]);
    expect(translate.stats().hits).toBe(1);
  });

  it('caches nothing when the translator fails', async () => {
    let fail = true;
    const engine = countingTranslator();
    const translate = cached((request, context) => {
      if (fail) throw new Error('engine down');
      return engine.translate(request, context);
    });
    await expect(translate(requestOf(['a']), testContext())).rejects.toThrow('engine down');
    fail = false;
    await translate(requestOf(['a']), testContext());
    expect(engine.asked).toEqual([['a']]);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const engine = countingTranslator();
    const translate = cached(engine.translate, { store: memoryCacheStore({ maxEntries: 2 }) });
    await translate(requestOf(['a', 'b']), testContext());
    await translate(requestOf(['a']), testContext()); // a is now the most recently used
    await translate(requestOf(['c']), testContext()); // evicts b
    await translate(requestOf(['a', 'b']), testContext());
    expect(engine.asked).toEqual([['a', 'b'], ['c'], ['b']]);
  });

  it('translates as if nothing was cached when the store fails, and reports it', async () => {
    const broken: CacheStore = {
      getMany: () => Promise.reject(new Error('store down')),
      setMany: () => Promise.reject(new Error('store down')),
    };
    const heard: unknown[] = [];
    const engine = countingTranslator();
    const translate = cached(engine.translate, { store: broken, onStoreError: (error) => heard.push(error) });
    expect(await translate(requestOf(['a', 'a']), testContext())).toEqual(['<de>a', '<de>a']);
    expect(engine.asked).toEqual([['a']]);
    expect(translate.stats().storeErrors).toBe(2);
    expect(heard).toHaveLength(2);
  });

  it('fails clearly when the translator answers the misses with the wrong count', async () => {
    const translate = cached(() => ['only one']);
    await expect(translate(requestOf(['a', 'b']), testContext())).rejects.toThrow('translator returned 1 items for 2 segments');
  });

  it('refuses a negative or fractional ttl at start-up', () => {
    expect(() => cached(countingTranslator().translate, { ttlSeconds: -1 })).toThrow('ttlSeconds');
  });
});

describe('cached with redisCacheStore', () => {
  const prefix = `byo-test-translator-cache:${randomUUID()}:`;
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('shares translations between instances through Redis, with the ttl set', async () => {
    const first = countingTranslator();
    const second = countingTranslator();
    const instanceA = cached(first.translate, { store: redisCacheStore(redis, { prefix }), ttlSeconds: 3600 });
    const instanceB = cached(second.translate, { store: redisCacheStore(redis, { prefix }), ttlSeconds: 3600 });

    expect(await instanceA(requestOf(['one', 'two']), testContext())).toEqual(['<de>one', '<de>two']);
    expect(await instanceB(requestOf(['two', 'three', 'one']), testContext())).toEqual(['<de>two', '<de>three', '<de>one']);
    expect(second.asked).toEqual([['three']]);
    expect(instanceB.stats()).toEqual({ hits: 2, misses: 1, translated: 1, storeErrors: 0 });

    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      expect(key).toMatch(new RegExp(`^${prefix}[0-9a-f]{64}$`));
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3600);
    }
  });

  it('stores without expiry when ttlSeconds is 0', async () => {
    const translate = cached(countingTranslator().translate, {
      store: redisCacheStore(redis, { prefix: `${prefix}forever:` }),
      ttlSeconds: 0,
    });
    await translate(requestOf(['kept']), testContext());
    const [key] = await redis.keys(`${prefix}forever:*`);
    expect(await redis.ttl(key)).toBe(-1);
  });
});
