// A translator that throws, rejects with odd values, answers nonsense, or hangs (with or without honouring
// its AbortSignal), on every adapter row: /translate answers 500 or 504 with a clear message free of secrets,
// an async job ends `failed` with a detail a person can act on, the engine keeps serving, and every slot is
// given back (engine.stats() returns to zero with one slot each, so the next request runs at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByoEngine, TranslateFunction } from 'byo-engine';
import { ApiClient, recordingLogger } from '../behaviour/harness.js';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { testEngine, translateBody } from '../support/test-engine.js';

const TIMEOUT_MS = 150;
const SECRET = 'sk-SECRET-0123456789';

interface Fault {
  name: string;
  translate: TranslateFunction;
  /** Status of /translate. */
  status: 500 | 504;
  /** The error of /translate, and the detail of the failed job. */
  message: string;
}

const never = new Promise<never>(() => {});

/** Four segments per request, so that count mistakes show. */
const FAULTS: Fault[] = [
  {
    name: 'throws an Error (secrets in its cause and properties)',
    translate: () => {
      throw Object.assign(new Error('backend said no'), { cause: new Error(`token ${SECRET}`), apiKey: SECRET });
    },
    status: 500,
    message: 'translator failed: backend said no',
  },
  {
    name: 'rejects with a plain object holding a secret',
    translate: () => Promise.reject({ apiKey: SECRET }),
    status: 500,
    message: 'translator failed with a value that is not an Error',
  },
  {
    name: 'rejects with a string',
    translate: () => Promise.reject('upstream unavailable'),
    status: 500,
    message: 'translator failed with "upstream unavailable"',
  },
  {
    name: 'returns too few items',
    translate: (request) => request.segments.slice(1).map((segment) => segment.text),
    status: 500,
    message: 'translator returned 3 items for 4 segments',
  },
  {
    name: 'returns a non-string item',
    translate: (request) => request.segments.map((segment, index) => (index === 2 ? 42 : segment.text)) as string[],
    status: 500,
    message: 'translator returned number at index 2, expected a string or { translatedText: string }',
  },
  {
    name: 'returns undefined',
    translate: () => undefined as unknown as string[],
    status: 500,
    message: 'translator returned undefined, expected an array of 4 translations',
  },
  {
    name: 'hangs past the timeout, honouring its AbortSignal',
    translate: (_request, { signal }) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by signal')), { once: true })),
    status: 504,
    message: `translation timed out after ${TIMEOUT_MS} ms`,
  },
  {
    name: 'hangs forever, ignoring its AbortSignal',
    translate: () => never,
    status: 504,
    message: `translation timed out after ${TIMEOUT_MS} ms`,
  },
];

const byFault = new Map(FAULTS.map((fault) => [fault.name, fault]));
/** Picks the faulty behaviour from the request's metadata; without one, translates. */
const faultyTranslator: TranslateFunction = (request, context) => {
  const fault = byFault.get(String(request.metadata?.fault));
  return fault ? fault.translate(request, context) : request.segments.map((segment) => `ok:${segment.text}`);
};

const IDLE = { running: 0, queued: 0, syncRunning: 0, syncQueued: 0 };

for (const row of adapterRows) {
  describe(`translator faults ${row.name}`, () => {
    const log = recordingLogger();
    let engine: ByoEngine;
    let app: RunningApp;
    let api: ApiClient;

    beforeAll(async () => {
      engine = testEngine({
        translate: faultyTranslator,
        logger: log.logger,
        // One slot each: a slot that was not given back would stall the next request.
        sync: { timeoutMs: TIMEOUT_MS, concurrency: 1, maxQueued: 0 },
        jobs: { timeoutMs: TIMEOUT_MS, concurrency: 1, maxQueued: 1 },
      });
      app = await row.start(engine, { prefix: '/byo', hostBodyParser: false });
      api = new ApiClient(engine, app.origin, '/byo');
    });
    afterAll(async () => {
      await engine.close({ graceMs: 0 });
      await app.close();
    });

    const expectStillServing = async () => {
      expect(engine.stats()).toEqual(IDLE);
      const healthy = await api.translate(translateBody(2));
      expect(healthy.segments.map((segment) => segment.translatedText)).toEqual(['ok:segment 0', 'ok:segment 1']);
      expect(engine.stats()).toEqual(IDLE);
    };

    for (const fault of FAULTS) {
      it(`/translate when the translator ${fault.name}: ${fault.status}, clear and secret-free`, async () => {
        const answer = await api.error('translateTexts', fault.status, { json: translateBody(4, { metadata: { fault: fault.name } }) });
        expect(answer.body).toEqual({ error: fault.message });
        expect(answer.headers.get('retry-after')).toBeNull();
        await expectStillServing();
      });

      it(`async job when the translator ${fault.name}: failed with an actionable detail`, async () => {
        const id = await api.submit(translateBody(4, { metadata: { fault: fault.name } }));
        // The detail is stored by the time the status says failed; the runner gives its slot back in the same turn.
        expect(await api.waitForJob(id)).toEqual({ status: 'failed', detail: fault.message });
        const result = await api.error('translateAsyncResult', 409, { id });
        expect(result.body.error).toBe(`Job ${id} failed and has no result: ${fault.message}`);
        await expectStillServing();
        const done = await api.submit(translateBody(1));
        expect(await api.waitForJob(done)).toEqual({ status: 'done' });
      });
    }

    it('logged the failures without the secrets the errors carried', () => {
      const logged = JSON.stringify(log.lines);
      expect(logged).not.toContain(SECRET);
      expect(log.lines.length).toBeGreaterThan(0);
    });
  });
}
