// Overload on every adapter row. Synchronous /translate has its own concurrency limit (sync.concurrency,
// sync.maxQueued) and the async queue has jobs.maxQueued: past them the engine answers 429 with an integer
// Retry-After estimated from the queue, never a constant. A burst far above capacity, over real loopback
// connections, gets only 200 and 429 (no 5xx, no reset connection), every accepted job comes back with its
// own segments, and the heap returns to where it started.
import { Agent } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ByoEngine, ByoEngineOptions, TranslateFunction, TranslateResponse } from 'byo-engine';
import { ApiClient, heldTranslator } from '../behaviour/harness.js';
import { adapterRows, type AdapterRow, type RunningApp } from '../support/adapter-rows.js';
import { API_TOKEN, testEngine, translateBody } from '../support/test-engine.js';
import { sendRaw, type RawAnswer } from './support/raw-http.js';

// A real collection between measurements, without a command-line flag for the whole suite.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const PREFIX = '/byo';
const IDLE = { running: 0, queued: 0, syncRunning: 0, syncQueued: 0 };

async function startRow(
  row: AdapterRow,
  options: Partial<ByoEngineOptions>,
): Promise<{ engine: ByoEngine; app: RunningApp; api: ApiClient }> {
  const engine = testEngine(options);
  const app = await row.start(engine, { prefix: PREFIX, hostBodyParser: false });
  return { engine, app, api: new ApiClient(engine, app.origin, PREFIX) };
}

const retryAfter = (answer: { headers: Headers }) => answer.headers.get('retry-after');

for (const row of adapterRows) {
  describe(`overload ${row.name}`, () => {
    const stops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const stop of stops.splice(0)) await stop();
    });

    it('429 on /translate past sync.concurrency + sync.maxQueued, with Retry-After computed from the queue', async () => {
      // Nothing has finished yet, so the estimate uses the starting average of one second per request:
      // ceil((waiting + 1) / concurrency) rounds of one second.
      for (const { concurrency, maxQueued, expected } of [
        { concurrency: 2, maxQueued: 3, expected: '2' },
        { concurrency: 1, maxQueued: 5, expected: '6' },
      ]) {
        const held = heldTranslator();
        const { engine, app, api } = await startRow(row, { translate: held.translate, sync: { concurrency, maxQueued } });
        stops.push(async () => {
          held.release();
          await engine.close({ graceMs: 0 });
          await app.close();
        });
        const admitted = Array.from({ length: concurrency + maxQueued }, (_, index) =>
          api.translate(translateBody(1, { metadata: { index } })),
        );
        await held.entered.reached(concurrency);
        await vi.waitFor(() => expect(engine.stats()).toEqual({ ...IDLE, syncRunning: concurrency, syncQueued: maxQueued }));
        for (let extra = 0; extra < 3; extra++) {
          const refused = await api.error('translateTexts', 429, { json: translateBody(1) });
          expect(retryAfter(refused)).toBe(expected);
          expect(refused.body.error).toBe(`Too many translations at once (${concurrency} running, ${maxQueued} waiting); retry later`);
        }
        held.release();
        expect(await Promise.all(admitted)).toHaveLength(concurrency + maxQueued);
        expect(engine.stats()).toEqual(IDLE);
      }
    });

    it('429 on /translateAsync past jobs.maxQueued, with Retry-After computed from the queue', async () => {
      const held = heldTranslator();
      const { engine, app, api } = await startRow(row, { translate: held.translate, jobs: { concurrency: 1, maxQueued: 2 } });
      stops.push(async () => {
        held.release();
        await engine.close({ graceMs: 0 });
        await app.close();
      });
      const ids = [await api.submit(translateBody(1)), await api.submit(translateBody(1)), await api.submit(translateBody(1))];
      await held.entered.reached(1);
      const refused = await api.error('translateAsync', 429, { json: translateBody(1) });
      expect(retryAfter(refused)).toBe('3'); // two waiting + this one, one slot, one second each
      held.release();
      for (const id of ids) expect(await api.waitForJob(id)).toEqual({ status: 'done' });
      await vi.waitFor(() => expect(engine.stats()).toEqual(IDLE));
    });

    it('answers a burst far above capacity with 200 or 429 only, finishes every accepted job with its own segments, and frees its memory', async () => {
      const SYNC = { concurrency: 4, maxQueued: 8 };
      const JOBS = { concurrency: 4, maxQueued: 20 };
      const PER_KIND = 100;
      const gate = gatedTranslator();
      const { engine, app, api } = await startRow(row, { translate: gate.translate, sync: SYNC, jobs: { ...JOBS, timeoutMs: 30_000 } });
      stops.push(async () => {
        gate.open();
        await engine.close({ graceMs: 0 });
        await app.close();
      });

      const burst = async (round: number) => {
        const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
        const send = (operation: 'translate' | 'translateAsync', index: number) =>
          sendRaw(
            app.origin,
            {
              method: 'POST',
              path: `${PREFIX}/${operation}`,
              headers: { 'x-api-token': API_TOKEN, 'content-type': 'application/json' },
              body: Buffer.from(
                JSON.stringify(
                  translateBody(3, { segments: [0, 1, 2].map((n) => ({ idx: `${n}`, text: `${operation} ${round}.${index}.${n}` })) }),
                ),
              ),
            },
            { timeoutMs: 30_000, agent },
          );
        gate.shut();
        let syncAnswered = 0;
        const sync = Array.from({ length: PER_KIND }, (_, index) =>
          send('translate', index).then((answer) => {
            syncAnswered++;
            return answer;
          }),
        );
        const async = await Promise.all(Array.from({ length: PER_KIND }, (_, index) => send('translateAsync', index)));
        // Hold every translation until each sync request has been refused or admitted: the counts are exact.
        await vi.waitFor(() => expect(syncAnswered + engine.stats().syncRunning + engine.stats().syncQueued).toBe(PER_KIND));
        gate.open();
        const syncAnswers = await Promise.all(sync);
        agent.destroy();

        for (const answer of [...syncAnswers, ...async]) {
          expect([200, 429], answer.text).toContain(answer.status);
          if (answer.status === 429) expect(answer.headers['retry-after']).toMatch(/^[1-9]\d*$/);
        }
        const accepted = (answers: RawAnswer[]) => answers.filter((answer) => answer.status === 200).length;
        expect(accepted(syncAnswers)).toBe(SYNC.concurrency + SYNC.maxQueued);
        expect(accepted(async)).toBe(JOBS.concurrency + JOBS.maxQueued);
        syncAnswers.forEach((answer, index) => {
          if (answer.status !== 200) return;
          const texts = (JSON.parse(answer.text) as TranslateResponse).segments.map((segment) => segment.translatedText);
          expect(texts).toEqual([0, 1, 2].map((n) => `<de>translate ${round}.${index}.${n}`));
        });
        await Promise.all(
          async.map(async (answer, index) => {
            if (answer.status !== 200) return;
            const { id } = JSON.parse(answer.text) as { id: string };
            expect(await api.waitForJob(id)).toEqual({ status: 'done' });
            const result = await api.jobResult(id);
            expect(result.segments.map((segment) => segment.translatedText)).toEqual(
              [0, 1, 2].map((n) => `<de>translateAsync ${round}.${index}.${n}`),
            );
          }),
        );
        await vi.waitFor(() => expect(engine.stats()).toEqual(IDLE));
      };

      await burst(0); // warms up every code path, so that what stays after it is the baseline
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      for (let round = 1; round <= 3; round++) await burst(round);
      collectGarbage();
      const after = process.memoryUsage().heapUsed;
      // The memory store keeps the 72 finished jobs of these rounds (a few KB); everything else is freed.
      expect(after - before).toBeLessThan(4 * 1024 * 1024); // measured: under 1.5 MB
    }, 60_000);
  });
}

/** A translator whose calls wait while the gate is shut; `open` lets every waiting and later call through. */
function gatedTranslator(): { translate: TranslateFunction; shut(): void; open(): void } {
  let release = () => {};
  let gate = Promise.resolve();
  return {
    translate: async (request) => {
      await gate;
      return request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`);
    },
    shut() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    open: () => release(),
  };
}
