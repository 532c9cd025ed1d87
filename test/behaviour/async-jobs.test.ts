// Async jobs over HTTP: the full flow, isolation under concurrency, and /translateAsync never waiting.
import { expect, it } from 'vitest';
import { MemoryJobStore, type TranslateFunction, type TranslateRequest } from 'byo-engine';
import { API_TOKEN, OTHER_TOKEN, translateBody } from '../support/test-engine.js';
import { bullmqJobs } from 'byo-engine/bullmq';
import { checkRedis, describeWithServices, REDIS_URL, uniqueName } from '../support/services.js';
import { countingTranslator, describeEachHost, heldTranslator, type HostFixture } from './harness.js';

/** A request whose segments say which job they belong to. */
function jobBody(job: number, segments = 3): TranslateRequest {
  return translateBody(segments, {
    segments: Array.from({ length: segments }, (_, index) => ({ idx: `${job}.${index}`, text: `job ${job} segment ${index}` })),
    metadata: { job },
  });
}

/** The async suite, once with the default jobs (in-process runner and memory store) and once per other backend. */
function asyncJobSuite(host: HostFixture): void {
  it('submit, poll until done, fetch the result: the same answer as /translate', async () => {
    const api = await host.start();
    const body: TranslateRequest = {
      ...jobBody(1, 4),
      glossary: [{ term: 'segment', translation: 'Segment' }],
    };
    body.segments[2].metadata = { kind: 'title' };
    const id = await api.submit(body);
    expect(await api.waitForJob(id)).toStrictEqual({ status: 'done' });
    const result = await api.jobResult(id);
    expect(result).toStrictEqual(await api.translate(body));
    // Reading a result does not consume it.
    expect(await api.jobResult(id)).toStrictEqual(result);
  });

  if (host.runsLoadTests) {
    it('POST /translateAsync never waits for the translator: 100 ids come back while it is held', async () => {
      const held = heldTranslator();
      host.onStop(held.release);
      const counted = countingTranslator(held.translate);
      const api = await host.start({ translate: counted.translate, jobs: { concurrency: 4 } });
      const bodies = Array.from({ length: 100 }, (_, job) => jobBody(job, 2));
      // The translator is released only after every submission has been answered.
      const ids = await Promise.all(bodies.map((body) => api.submit(body)));
      expect(new Set(ids).size).toBe(100);
      await held.entered.reached(4);
      expect(counted.returned.count).toBe(0);
      expect(await api.jobStatus(ids[0])).toEqual({ status: 'running' });
      expect(await api.jobStatus(ids[99])).toEqual({ status: 'running' });
      held.release();
      await counted.returned.reached(100);
      await Promise.all(
        ids.map(async (id, job) => {
          expect(await api.waitForJob(id)).toEqual({ status: 'done' });
          expect((await api.jobResult(id)).segments.map((segment) => segment.idx)).toEqual([`${job}.0`, `${job}.1`]);
        }),
      );
      expect(held.requests).toHaveLength(100);
    });

    it('200 concurrent jobs of two callers each get back exactly their own segments', async () => {
      const counted = countingTranslator(async (request) => {
        // Finish in a scrambled order so that a mix-up between jobs would show.
        for (let turn = Number(request.metadata?.job) % 7; turn > 0; turn--) await new Promise(setImmediate);
        return request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`);
      });
      const api = await host.start({ translate: counted.translate, jobs: { concurrency: 16 } });
      const tokenOf = (job: number) => (job % 2 === 0 ? API_TOKEN : OTHER_TOKEN);
      const bodies = Array.from({ length: 200 }, (_, job) => jobBody(job, 1 + (job % 5)));
      const ids = await Promise.all(bodies.map((body, job) => api.submit(body, { token: tokenOf(job) })));
      expect(new Set(ids).size).toBe(200);
      await counted.returned.reached(200);
      await Promise.all(
        ids.map(async (id, job) => {
          const token = tokenOf(job);
          expect(await api.waitForJob(id, { token })).toEqual({ status: 'done' });
          const result = await api.jobResult(id, { token });
          expect(result).toStrictEqual({
            sourceLanguage: 'en',
            targetLanguage: 'de',
            segments: bodies[job].segments.map((segment) => ({ ...segment, translatedText: `<de>${segment.text}` })),
            metadata: { job },
          });
        }),
      );
      // Jobs belong to their submitter.
      await api.error('translateAsyncResult', 404, { id: ids[0], token: OTHER_TOKEN });
      await api.error('translateAsyncResult', 404, { id: ids[1], token: API_TOKEN });
    });
  }

  it('a translator error fails the job with its message as detail', async () => {
    let calls = 0;
    const translate: TranslateFunction = () => {
      calls++;
      if (calls === 1) throw new Error('quota exceeded for model m1');
      throw 'a plain string';
    };
    const api = await host.start({ translate });
    const first = await api.submit(translateBody(1));
    expect(await api.waitForJob(first)).toStrictEqual({ status: 'failed', detail: 'translator failed: quota exceeded for model m1' });
    const second = await api.submit(translateBody(1));
    expect(await api.waitForJob(second)).toStrictEqual({ status: 'failed', detail: 'translator failed with "a plain string"' });
  });

  it('a job over jobs.timeoutMs fails with a detail that says so', async () => {
    const held = heldTranslator();
    host.onStop(held.release);
    const api = await host.start({ translate: held.translate, jobs: { timeoutMs: 50 } });
    const id = await api.submit(translateBody(1));
    expect(await api.waitForJob(id)).toStrictEqual({ status: 'failed', detail: 'translation timed out after 50 ms' });
    await api.error('translateAsyncResult', 409, { id });
  });

  if (!host.usesDefaultJobs) return; // the rest reach into the memory store
  it('a job gone past its TTL is a 404', async () => {
    let now = Date.now();
    const store = new MemoryJobStore({ now: () => now });
    host.onStop(() => void store.close());
    const api = await host.start({ jobs: { store, ttlSeconds: 60 } });
    const id = await api.submit(translateBody(1));
    expect(await api.waitForJob(id)).toEqual({ status: 'done' });
    now += 59_000;
    await api.jobResult(id);
    now += 61_000;
    await api.error('translateAsyncStatus', 404, { id });
    await api.error('translateAsyncResult', 404, { id });
  });

  it('close() fails a job still running after the grace period, with a detail that says why', async () => {
    const held = heldTranslator();
    host.onStop(held.release);
    const store = new MemoryJobStore();
    host.onStop(() => void store.close());
    const api = await host.start({ translate: held.translate, jobs: { store } });
    const id = await api.submit(translateBody(1));
    await held.entered.reached(1);
    await api.engine.close({ graceMs: 1 });
    expect(await store.get(id, '["api-token","phrase"]')).toMatchObject({
      status: 'failed',
      detail: 'the translation server shut down before the job finished; submit it again',
    });
  });
}

describeEachHost('async jobs', asyncJobSuite);

// The same suite with jobs on BullMQ (real Redis, a queue per engine, the worker in-process), one set-up per row.
describeWithServices([await checkRedis()], 'async jobs on BullMQ', () => {
  describeEachHost('async jobs on BullMQ', asyncJobSuite, {
    loadSetupsOnly: true,
    defaults: () => ({ jobs: { backend: bullmqJobs({ url: REDIS_URL, queue: uniqueName('byo-suite'), attempts: 1 }) } }),
  });
});
