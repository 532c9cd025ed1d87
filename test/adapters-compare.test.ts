// One fixed list of requests sent to every adapter row: the rows must answer each other identically.
import { describe, expect, it } from 'vitest';
import type { ByoEngine, EngineResponse, TranslateFunction } from 'byo-engine';
import { adapterRows, type AdapterRow, type HostOptions } from './support/adapter-rows.js';
import { expectErrorBody } from './support/schema-check.js';
import { API_TOKEN, OTHER_TOKEN, testEngine, translateBody } from './support/test-engine.js';
import { compareTranscripts, recordRow, type RecordedAnswer, type Scenario } from './support/transcripts.js';
import { compareProbes, json, jobStatus, submit, untilSettled } from './support/compare-probes.js';

const MAX_BODY_BYTES = 4096;
const basicProbes = compareProbes(MAX_BODY_BYTES);

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** A translator held until released; `entered` resolves when the first call reached it. A text "fail" throws. */
function heldTranslator() {
  const entered = deferred();
  const gate = deferred();
  const translate: TranslateFunction = async (request) => {
    if (request.segments.some((segment) => segment.text === 'fail')) throw new Error('backend refused the segment');
    entered.resolve();
    await gate.promise;
    return request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`);
  };
  return { translate, entered: entered.promise, release: gate.resolve };
}

const scenarios: Scenario[] = [
  {
    name: 'basic',
    async run(mount) {
      const recorder = await mount(
        testEngine({
          limits: { maxBodyBytes: MAX_BODY_BYTES },
          auth: {
            apiTokens: { phrase: API_TOKEN },
            verify: (request) => (request.headers['x-scoped-caller'] ? { name: 'scoped', scopes: [] } : null),
          },
        }),
      );
      for (const probe of basicProbes) await recorder.send(probe);
    },
  },
  {
    name: 'async flow',
    async run(mount) {
      const held = heldTranslator();
      const recorder = await mount(testEngine({ translate: held.translate }));
      const id = await submit(recorder, 'submit', translateBody(2));
      await held.entered;
      await recorder.send({ ...jobStatus(id), name: 'status while running' });
      await recorder.send({ name: 'result while running', method: 'GET', path: `/translateAsyncResult/${id}` });
      await recorder.send({ ...jobStatus(id), name: "another caller's job", token: OTHER_TOKEN });
      held.release();
      await untilSettled(recorder, id);
      await recorder.send({ ...jobStatus(id), name: 'status when completed' });
      await recorder.send({ name: 'result', method: 'GET', path: `/translateAsyncResult/${id}` });
      const failing = await submit(recorder, 'submit failing', translateBody(1, { segments: [{ idx: '0', text: 'fail' }] }));
      await untilSettled(recorder, failing);
      await recorder.send({ ...jobStatus(failing), name: 'status when failed' });
      await recorder.send({ name: 'result of failed job', method: 'GET', path: `/translateAsyncResult/${failing}` });
    },
  },
  {
    name: 'queue full',
    async run(mount) {
      const held = heldTranslator();
      const recorder = await mount(testEngine({ translate: held.translate, jobs: { concurrency: 1, maxQueued: 1 } }));
      await submit(recorder, 'running job', translateBody(1));
      await held.entered;
      await submit(recorder, 'queued job', translateBody(1));
      await recorder.send({ name: 'over capacity', method: 'POST', path: '/translateAsync', ...json(translateBody(1)) });
      held.release();
    },
  },
  {
    name: 'failing translator',
    async run(mount) {
      const failing: TranslateFunction = () => {
        throw new Error('backend down');
      };
      const recorder = await mount(testEngine({ translate: failing, status: () => 'not_ok' }));
      await recorder.send({ name: 'translate', method: 'POST', path: '/translate', ...json(translateBody(1)) });
      await recorder.send({ name: 'status', method: 'POST', path: '/status', ...json({}) });
    },
  },
  {
    name: 'slow translator',
    async run(mount) {
      const untilAborted: TranslateFunction = (_request, context) =>
        new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)));
      const recorder = await mount(testEngine({ translate: untilAborted, sync: { timeoutMs: 20 } }));
      await recorder.send({ name: 'translate', method: 'POST', path: '/translate', ...json(translateBody(1)) });
    },
  },
  {
    name: 'closed engine',
    async run(mount) {
      const engine = testEngine();
      const recorder = await mount(engine);
      await engine.close();
      await recorder.send({ name: 'translate', method: 'POST', path: '/translate', ...json(translateBody(1)) });
      await recorder.send({ name: 'submit', method: 'POST', path: '/translateAsync', ...json(translateBody(1)) });
    },
  },
];

const EXPECTED_STATUS: Record<string, number> = {
  ...Object.fromEntries(basicProbes.map((probe) => [`basic: ${probe.name}`, probe.expected])),
  'async flow: submit': 200,
  'async flow: status while running': 200,
  'async flow: result while running': 409,
  "async flow: another caller's job": 404,
  'async flow: status when completed': 200,
  'async flow: result': 200,
  'async flow: submit failing': 200,
  'async flow: status when failed': 200,
  'async flow: result of failed job': 409,
  'queue full: running job': 200,
  'queue full: queued job': 200,
  'queue full: over capacity': 429,
  'failing translator: translate': 500,
  'failing translator: status': 200,
  'slow translator: translate': 504,
  'closed engine: translate': 503,
  'closed engine: submit': 503,
};

const HOST_SETUPS: HostOptions[] = [
  { prefix: '/byo', hostBodyParser: false },
  { prefix: '/api/v1/byo', hostBodyParser: false },
  { prefix: '/byo', hostBodyParser: true },
  { prefix: '/api/v1/byo', hostBodyParser: true },
];

const setupName = ({ prefix, hostBodyParser }: HostOptions) => `${prefix} ${hostBodyParser ? 'with' : 'without'} host parser`;

async function recordAll(rows: readonly AdapterRow[], setups: readonly HostOptions[], only?: readonly Scenario[]) {
  const transcripts = new Map<string, RecordedAnswer[]>();
  for (const setup of setups) {
    // Rows are independent apps: recorded side by side, kept in row order.
    const recorded = await Promise.all(rows.map((row) => recordRow(row, setup, only ?? scenarios)));
    rows.forEach((row, index) => transcripts.set(`${row.name} ${setupName(setup)}`, recorded[index]));
  }
  return transcripts;
}

const describeDifferences = (differences: ReturnType<typeof compareTranscripts>) =>
  differences
    .map(
      ({ probe, groups }) =>
        `${probe}:\n${groups.map((group) => `  ${group.transcripts.join(', ')} -> ${group.answer.status} ${group.answer.contentType} ${group.answer.text.slice(0, 160)}`).join('\n')}`,
    )
    .join('\n');

describe('every adapter row answers the same requests identically', () => {
  it('gives the same status, Content-Type, headers and body on every row, prefix and body-parser set-up', async () => {
    const transcripts = await recordAll(adapterRows, HOST_SETUPS);
    expect(describeDifferences(compareTranscripts(transcripts))).toBe('');

    // Same answers are not enough: they must be the right ones, and every request was answered.
    const reference = transcripts.get(`${adapterRows[0].name} ${setupName(HOST_SETUPS[0])}`)!;
    expect(Object.fromEntries(reference.map((answer) => [answer.probe, answer.status]))).toEqual(EXPECTED_STATUS);
    for (const answer of reference) {
      expect(answer.contentType, answer.probe).toBe('application/json; charset=utf-8');
      if (answer.status !== 200) expectErrorBody(answer.json);
    }
    expect(reference.find((answer) => answer.probe === 'queue full: over capacity')!.headers['retry-after']).toMatch(/^\d+$/);
    expect(reference.find((answer) => answer.probe === 'basic: wrong method')!.headers.allow).toBe('POST');
    expect(reference.find((answer) => answer.probe === 'async flow: result')!.json).toEqual({
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [
        { idx: '0', text: 'segment 0', translatedText: '<de>segment 0' },
        { idx: '1', text: 'segment 1', translatedText: '<de>segment 1' },
      ],
    });
    const withParser = transcripts.get(`${adapterRows[0].name} ${setupName(HOST_SETUPS[2])}`)!;
    const skipped = basicProbes.filter((probe) => probe.hostMayAnswer).length;
    expect(withParser).toHaveLength(reference.length - skipped);
  }, 120_000);
});

/** A real row whose engine answers differ in one way, as a faulty adapter's would. */
function deviatingRow(base: AdapterRow, name: string, change: (path: string, answer: EngineResponse) => EngineResponse): AdapterRow {
  return {
    name,
    start: (engine, host) => {
      const deviating: ByoEngine = { ...engine, handle: async (request) => change(request.path, await engine.handle(request)) };
      return base.start(deviating, host);
    },
  };
}

describe('the comparison detects a row that answers differently', () => {
  const setups: HostOptions[] = [{ prefix: '/byo', hostBodyParser: false }];
  const basicOnly = scenarios.filter((scenario) => scenario.name === 'basic');
  const [express5, koa3] = [adapterRows.find((row) => row.name === 'express5')!, adapterRows.find((row) => row.name === 'koa3')!];

  it.each([
    {
      kind: 'a status',
      probe: 'basic: wrong method',
      change: (path: string, answer: EngineResponse) =>
        path === '/translate' && answer.status === 405 ? { ...answer, status: 404 } : answer,
    },
    {
      kind: 'one byte of the body',
      probe: 'basic: unknown endpoint',
      change: (path: string, answer: EngineResponse) =>
        path === '/nope' ? { ...answer, body: answer.body.replace('No such', 'No Such') } : answer,
    },
    {
      kind: 'the Content-Type',
      probe: 'basic: status',
      change: (path: string, answer: EngineResponse) =>
        path === '/status' ? { ...answer, headers: { ...answer.headers, 'content-type': 'application/json' } } : answer,
    },
    {
      kind: 'an engine header',
      probe: 'basic: wrong method with id',
      change: (path: string, answer: EngineResponse) =>
        answer.status === 405 && path.startsWith('/translateAsyncStatus')
          ? { ...answer, headers: { ...answer.headers, allow: 'GET, POST' } }
          : answer,
    },
  ])('reports $kind changed by one row, naming that probe and row only', async ({ probe, change }) => {
    const rows = [express5, koa3, deviatingRow(koa3, 'deviant', change)];
    const differences = compareTranscripts(await recordAll(rows, setups, basicOnly));
    expect(differences.map((difference) => difference.probe)).toEqual([probe]);
    const groups = differences[0].groups.map((group) => group.transcripts);
    expect(groups).toEqual([['express5 /byo without host parser', 'koa3 /byo without host parser'], ['deviant /byo without host parser']]);
  });
});
