// 1,000 async jobs with distinct content in flight at once in one engine, submitted through every adapter row
// in turn and polled through another: each result holds exactly its own segments in order, ids never repeat,
// and a job's status, once done or failed, never changes again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByoEngine, TranslateFunction, TranslateRequest } from 'byo-engine';
import { ApiClient } from '../behaviour/harness.js';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { testEngine } from '../support/test-engine.js';

const JOBS = 1_000;
const FAILING_EVERY = 7;

/** Job n: 1 to 5 segments, a target language and metadata of its own; every 7th job makes the translator throw. */
function jobRequest(n: number): TranslateRequest {
  const segments = Array.from({ length: (n % 5) + 1 }, (_, k) => ({
    idx: `${n}-${k}`,
    text: `job ${n} segment ${k}${n % FAILING_EVERY === 0 ? ' FAIL' : ''}`,
  }));
  return { sourceLanguage: 'en', targetLanguage: n % 2 ? 'de' : 'fr', segments, metadata: { job: n } };
}

const expectedTexts = (n: number) =>
  jobRequest(n).segments.map((segment) => `${jobRequest(n).targetLanguage}:${[...segment.text].reverse().join('')}`);

/** Finishes jobs out of submission order (a few timer turns, depending on the content), and fails the marked ones. */
const shufflingTranslator: TranslateFunction = async (request) => {
  const delay = request.segments[0].text.length % 4;
  await new Promise((resolve) => setTimeout(resolve, delay));
  if (request.segments.some((segment) => segment.text.endsWith(' FAIL'))) throw new Error(`refused ${request.segments[0].idx}`);
  return request.segments.map((segment) => `${request.targetLanguage}:${[...segment.text].reverse().join('')}`);
};

describe(`no lost or crossed jobs: ${JOBS} jobs over ${adapterRows.map((row) => row.name).join(', ')}`, () => {
  let engine: ByoEngine;
  const apps: RunningApp[] = [];
  const clients: ApiClient[] = [];

  beforeAll(async () => {
    engine = testEngine({ translate: shufflingTranslator, jobs: { concurrency: 16, maxQueued: JOBS * 2 } });
    for (const [index, row] of adapterRows.entries()) {
      const app = await row.start(engine, { prefix: '/byo', hostBodyParser: index % 2 === 0 });
      apps.push(app);
      clients.push(new ApiClient(engine, app.origin, '/byo'));
    }
  });
  afterAll(async () => {
    await engine.close({ graceMs: 0 });
    for (const app of apps) await app.close();
  });

  it('gives every job exactly its own result, unique ids, and statuses that never go back', async () => {
    const client = (n: number) => clients[n % clients.length];
    const ids = await Promise.all(Array.from({ length: JOBS }, (_, n) => client(n).submit(jobRequest(n))));
    expect(new Set(ids).size).toBe(JOBS);

    await Promise.all(
      ids.map(async (id, n) => {
        const poller = client(n + 1); // another adapter than the one that took the job
        const seen: string[] = [];
        for (let poll = 0; poll < 2_000; poll++) {
          const { status } = await poller.jobStatus(id);
          seen.push(status);
          if (status !== 'running') break;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        for (let again = 0; again < 3; again++) seen.push((await client(n + again).jobStatus(id)).status);
        const terminal = n % FAILING_EVERY === 0 ? 'failed' : 'done';
        const firstTerminal = seen.indexOf(terminal);
        expect(firstTerminal, `job ${n}: ${seen.join(' ')}`).toBeGreaterThanOrEqual(0);
        expect(
          seen.slice(0, firstTerminal).every((status) => status === 'running'),
          `job ${n}: ${seen.join(' ')}`,
        ).toBe(true);
        expect(
          seen.slice(firstTerminal).every((status) => status === terminal),
          `job ${n}: ${seen.join(' ')}`,
        ).toBe(true);

        if (terminal === 'failed') {
          expect(await poller.jobStatus(id)).toEqual({ status: 'failed', detail: `translator failed: refused ${n}-0` });
          return;
        }
        const result = await client(n + 2).jobResult(id);
        const request = jobRequest(n);
        expect(result.targetLanguage).toBe(request.targetLanguage);
        expect(result.metadata).toEqual({ job: n });
        expect(result.segments.map((segment) => segment.idx)).toEqual(request.segments.map((segment) => segment.idx));
        expect(result.segments.map((segment) => segment.text)).toEqual(request.segments.map((segment) => segment.text));
        expect(result.segments.map((segment) => segment.translatedText)).toEqual(expectedTexts(n));
      }),
    );
    expect(engine.stats()).toEqual({ running: 0, queued: 0, syncRunning: 0, syncQueued: 0 });
  }, 120_000);
});
