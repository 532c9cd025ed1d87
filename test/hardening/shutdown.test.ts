// engine.close({ graceMs }) on every adapter row: new translations get 503 with Retry-After at once, polls,
// results, /languages and /status (`not_ok`) keep answering, work that finishes within the grace period
// completes, the rest ends failed (async) or 503 (sync) saying the server shut down, and close resolves
// with nothing left running. Then the Express example, as a process, on SIGTERM with jobs in flight.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { TranslateFunction, TranslateRequest } from 'byo-engine';
import { ApiClient, Counter } from '../behaviour/harness.js';
import { adapterRows } from '../support/adapter-rows.js';
import { testEngine, translateBody } from '../support/test-engine.js';

const JOB_SHUTDOWN_DETAIL = 'the translation server shut down before the job finished; submit it again';
const SYNC_SHUTDOWN_ERROR = 'the translation server shut down before the translation finished; send the request again';
const CLOSING_ERROR = 'The translation server is shutting down; retry shortly';
const IDLE = { running: 0, queued: 0, syncRunning: 0, syncQueued: 0 };

/** `finish …` texts wait until `finish()`; `stuck …` texts never answer and ignore their AbortSignal. */
function shutdownTranslator(): { translate: TranslateFunction; entered: Counter; finish(): void } {
  const entered = new Counter();
  let finish = () => {};
  const finishing = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const translate: TranslateFunction = async (request) => {
    entered.increment();
    const text = request.segments[0].text;
    if (text.startsWith('stuck')) await new Promise(() => {});
    if (text.startsWith('finish')) await finishing;
    return request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`);
  };
  return { translate, entered, finish };
}

const body = (text: string): TranslateRequest => translateBody(1, { segments: [{ idx: '1', text }] });

for (const row of adapterRows) {
  describe(`shutdown ${row.name}`, () => {
    it('refuses new translations, keeps reads, lets running and queued work finish within the grace period, resolves', async () => {
      const translator = shutdownTranslator();
      const engine = testEngine({ translate: translator.translate, jobs: { concurrency: 1 } });
      const app = await row.start(engine, { prefix: '/byo', hostBodyParser: false });
      const api = new ApiClient(engine, app.origin, '/byo');
      try {
        const running = await api.submit(body('finish job'));
        const queued = await api.submit(body('queued job')); // no slot left: waits in the queue
        const sync = api.call('translateTexts', { json: body('finish sync') });
        await translator.entered.reached(2);
        expect(engine.stats()).toEqual({ running: 1, queued: 1, syncRunning: 1, syncQueued: 0 });

        // close resolves as soon as everything is done, so a long grace period costs nothing here.
        let closed = false;
        const closing = engine.close({ graceMs: 60_000 }).then(() => {
          closed = true;
        });
        for (const operationId of ['translateTexts', 'translateAsync'] as const) {
          const refused = await api.error(operationId, 503, { json: body('too late') });
          expect(refused.body.error).toBe(CLOSING_ERROR);
          expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        }
        expect((await api.call('getStatus')).body).toEqual({ status: 'not_ok' });
        expect((await api.call('getLanguages')).status).toBe(200);
        expect(await api.jobStatus(running)).toEqual({ status: 'running' });
        expect(await api.jobStatus(queued)).toEqual({ status: 'running' });
        expect(closed).toBe(false);

        translator.finish();
        await closing;
        expect((await sync).status).toBe(200);
        for (const id of [running, queued]) expect(await api.jobStatus(id)).toEqual({ status: 'done' });
        expect((await api.jobResult(running)).segments[0].translatedText).toBe('<de>finish job'); // results stay readable
        expect(engine.stats()).toEqual(IDLE);
      } finally {
        translator.finish();
        await engine.close();
        await app.close();
      }
    });

    it('after the grace period, fails running and never-started jobs with a shutdown detail and answers 503 to stuck sync requests', async () => {
      const translator = shutdownTranslator();
      const engine = testEngine({ translate: translator.translate, jobs: { concurrency: 1 } });
      const app = await row.start(engine, { prefix: '/byo', hostBodyParser: true });
      const api = new ApiClient(engine, app.origin, '/byo');
      try {
        const running = await api.submit(body('stuck job')); // never answers, ignores its AbortSignal
        const queued = await api.submit(body('queued job'));
        const sync = api.call('translateTexts', { json: body('stuck sync') });
        await translator.entered.reached(2);
        await engine.close({ graceMs: 0 });
        for (const id of [running, queued]) expect(await api.jobStatus(id)).toEqual({ status: 'failed', detail: JOB_SHUTDOWN_DETAIL });
        const stuck = await sync;
        expect(stuck.status).toBe(503);
        expect(stuck.body).toEqual({ error: SYNC_SHUTDOWN_ERROR });
        expect(translator.entered.count).toBe(2); // the queued job never reached the translator
        expect(engine.stats()).toEqual(IDLE);
      } finally {
        await app.close();
      }
    });
  });
}

describe('the Express example on SIGTERM with jobs in flight', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const token = 'shutdown-test-token-0123456789';
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('answers 503 to new work, finishes the jobs that fit in the grace period, and exits 0', async () => {
    // DEMO_DELAY_MS: the demo translator takes 100 ms per segment (a knob of the example, for trying this by hand).
    const child = spawn(`${root}node_modules/.bin/tsx`, ['examples/express/server.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', BYO_API_TOKEN: token, DEMO_DELAY_MS: '100', SHUTDOWN_GRACE_MS: '5000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const lineMatching = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) resolve(match);
        };
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          check();
        });
        child.once('exit', () => reject(new Error(`example exited before printing ${pattern}; output:\n${output}`)));
        check();
      });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const [, port] = await lineMatching(/BYO Engine API on http:\/\/localhost:(\d+)\/byo/);
    const api = new ApiClient(testEngine(), `http://127.0.0.1:${port}`, '/byo');
    const options = { token };
    const segments = (count: number, label: string) =>
      translateBody(count, { segments: Array.from({ length: count }, (_, k) => ({ text: `${label} ${k}` })) });

    const fits = await api.submit(segments(10, 'fits'), options); // about 1 s: well within the grace period
    const tooLong = await api.submit(segments(200, 'too long'), options); // about 20 s: cut at the end of the grace period
    const syncInFlight = api.translate(segments(5, 'sync'), options);
    await lineMatching(/demo translator: 5 segments \(sync\)/); // in flight before the signal, not racing it
    child.kill('SIGTERM');
    await lineMatching(/SIGTERM: finishing running jobs/);

    for (const operationId of ['translateAsync', 'translateTexts'] as const) {
      const refused = await api.error(operationId, 503, { json: segments(1, 'late'), ...options });
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    }
    expect(await api.jobStatus(tooLong, options)).toEqual({ status: 'running' });
    expect(await api.waitForJob(fits, options)).toEqual({ status: 'done' });
    expect((await api.jobResult(fits, options)).segments.map((segment) => segment.translatedText)).toEqual(
      Array.from({ length: 10 }, (_, k) => `[de] fits ${k}`),
    );
    expect((await syncInFlight).segments).toHaveLength(5);
    expect(await api.jobStatus(tooLong, options)).toEqual({ status: 'running' });

    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 30_000);
});
