// A translator whose metadata cannot become JSON (a BigInt, a circular reference, a throwing toJSON), on
// every adapter row and with the memory and the Redis store. Was: /translate answered an opaque 500; with the
// memory store the job read `done` and every result fetch was a 500; with Redis the job read `running` for
// its whole TTL. Now: a translator-fault 500 naming the problem, and a `failed` job with the same detail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByoEngine, JobStore, TranslateFunction } from 'byo-engine';
import { RedisJobStore } from 'byo-engine/redis';
import { ApiClient } from '../behaviour/harness.js';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { REDIS_URL, checkRedis, describeWithServices, uniqueName } from '../support/services.js';
import { silentLogger, testEngine, translateBody } from '../support/test-engine.js';

const circular: Record<string, unknown> = { note: 'loops' };
circular.self = circular;

const BAD_METADATA: Record<string, { metadata: () => Record<string, unknown>; reason: string }> = {
  bigint: { metadata: () => ({ count: 10n }), reason: 'Do not know how to serialize a BigInt' },
  circular: { metadata: () => circular, reason: 'Converting circular structure to JSON' },
  'throwing toJSON': {
    metadata: () => ({
      toJSON() {
        throw new Error('no JSON today');
      },
    }),
    reason: 'no JSON today',
  },
};

/** Segment 1 gets the metadata named by the request's `metadata.bad`; the others are fine. */
const translate: TranslateFunction = (request) =>
  request.segments.map((segment, index) => {
    const bad = BAD_METADATA[String(request.metadata?.bad)];
    return index === 1 && bad ? { translatedText: `ok:${segment.text}`, metadata: bad.metadata() } : `ok:${segment.text}`;
  });

const detailOf = (reason: string) => `translator returned metadata that cannot be serialised as JSON at index 1: ${reason}`;

function describeOnEveryRow(storeName: string, makeStore: () => Promise<JobStore | undefined>): void {
  for (const row of adapterRows) {
    describe(`unserialisable translator output, ${storeName} store, ${row.name}`, () => {
      let engine: ByoEngine;
      let app: RunningApp;
      let api: ApiClient;
      let store: JobStore | undefined;

      beforeAll(async () => {
        store = await makeStore();
        engine = testEngine({ translate, jobs: { store } });
        app = await row.start(engine, { prefix: '/byo', hostBodyParser: false });
        api = new ApiClient(engine, app.origin, '/byo');
      });
      afterAll(async () => {
        await engine.close({ graceMs: 0 });
        await app.close();
        await store?.close?.();
      });

      for (const [name, { reason }] of Object.entries(BAD_METADATA)) {
        it(`${name}: /translate is a translator-fault 500 naming it`, async () => {
          const answer = await api.error('translateTexts', 500, { json: translateBody(3, { metadata: { bad: name } }) });
          expect(answer.body.error).toBe(detailOf(reason));
        });

        it(`${name}: the job ends failed with that detail, and its result is a 409, never a 500`, async () => {
          const id = await api.submit(translateBody(3, { metadata: { bad: name } }));
          expect(await api.waitForJob(id)).toEqual({ status: 'failed', detail: detailOf(reason) });
          const result = await api.error('translateAsyncResult', 409, { id });
          expect(result.body.error).toBe(`Job ${id} failed and has no result: ${detailOf(reason)}`);
        });
      }

      it('still translates good answers, their metadata included', async () => {
        const good = await api.translate(translateBody(2));
        expect(good.segments.map((segment) => segment.translatedText)).toEqual(['ok:segment 0', 'ok:segment 1']);
        expect(engine.stats()).toEqual({ running: 0, queued: 0, syncRunning: 0, syncQueued: 0 });
      });
    });
  }
}

describeOnEveryRow('memory', async () => undefined);

const redis = await checkRedis();
describeWithServices([redis], 'unserialisable translator output with Redis', () => {
  const prefix = `${uniqueName('byo-unserialisable')}:`;
  describeOnEveryRow('Redis', () => RedisJobStore.connect({ url: REDIS_URL, prefix, logger: silentLogger }));
  afterAll(async () => {
    const { Redis } = await import('ioredis');
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });
});
