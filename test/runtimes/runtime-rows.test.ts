// The runtime rows: the runtime app served by a real process on Bun, Deno, workerd and Next.js answers
// the same requests as the Express 5 row serving the same engine in this process, byte for byte.
// What a separate process can run: every endpoint and error status, auth, the async flow, 500 segments,
// Unicode. Scenarios that need the test to hold the translator (running jobs, a full queue, timeouts, a
// closed engine) stay with the in-process rows (test/adapters-compare.test.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UNICODE_SEGMENTS } from '../../cli/sample-requests.js';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { compareProbes, json, jobStatus, submit, untilSettled } from '../support/compare-probes.js';
import { describeWithServices } from '../support/services.js';
import { OTHER_TOKEN, translateBody } from '../support/test-engine.js';
import { compareTranscripts, Recorder, type RecordedAnswer } from '../support/transcripts.js';
import { RUNTIME_MAX_BODY_BYTES, RUNTIME_PREFIX, runtimeEngine } from './fixture/runtime-app.js';
import { runtimeRows, type RuntimeServer } from './runtime-servers.js';

interface ProcessScenario {
  name: string;
  run(recorder: Recorder): Promise<void>;
}

const probes = compareProbes(RUNTIME_MAX_BODY_BYTES);

const scenarios: ProcessScenario[] = [
  {
    name: 'basic',
    async run(recorder) {
      for (const probe of probes) await recorder.send(probe);
    },
  },
  {
    name: 'async flow',
    async run(recorder) {
      const id = await submit(recorder, 'submit', translateBody(2));
      await untilSettled(recorder, id);
      await recorder.send({ ...jobStatus(id), name: 'status when completed' });
      await recorder.send({ name: 'result', method: 'GET', path: `/translateAsyncResult/${id}` });
      await recorder.send({ ...jobStatus(id), name: "another caller's job", token: OTHER_TOKEN });
      const failing = await submit(recorder, 'submit failing', translateBody(1, { segments: [{ idx: '0', text: 'fail' }] }));
      await untilSettled(recorder, failing);
      await recorder.send({ ...jobStatus(failing), name: 'status when failed' });
      await recorder.send({ name: 'result of failed job', method: 'GET', path: `/translateAsyncResult/${failing}` });
    },
  },
  {
    name: 'segments',
    async run(recorder) {
      await recorder.send({ name: '500 segments', method: 'POST', path: '/translate', ...json(translateBody(500)) });
      await recorder.send({ name: '501 segments', method: 'POST', path: '/translate', ...json(translateBody(501)) });
      await recorder.send({
        name: 'Unicode',
        method: 'POST',
        path: '/translate',
        ...json(translateBody(1, { segments: UNICODE_SEGMENTS })),
      });
      const glossary = [{ term: 'Grüße', translation: '问候 👋' }];
      await recorder.send({
        name: 'Unicode glossary',
        method: 'POST',
        path: '/translate',
        ...json(translateBody(1, { segments: [{ idx: 'ä', text: 'Grüße, Welt' }], glossary })),
      });
    },
  },
];

const EXPECTED_STATUS: Record<string, number> = {
  ...Object.fromEntries(probes.map((probe) => [`basic: ${probe.name}`, probe.expected])),
  'async flow: submit': 200,
  'async flow: status when completed': 200,
  'async flow: result': 200,
  "async flow: another caller's job": 404,
  'async flow: submit failing': 200,
  'async flow: status when failed': 200,
  'async flow: result of failed job': 409,
  'segments: 500 segments': 200,
  'segments: 501 segments': 400,
  'segments: Unicode': 200,
  'segments: Unicode glossary': 200,
};

/**
 * The engine quotes the JS engine's own JSON.parse message after this prefix (V8 in Node, Deno, workerd;
 * JavaScriptCore in Bun words it differently): compared up to the prefix, the detail replaced.
 */
const PARSE_ERROR = /(Request body is not valid JSON: )[^"]*/;
const withoutParserDetail = (answer: RecordedAnswer): RecordedAnswer => {
  if (!PARSE_ERROR.test(answer.text)) return answer;
  const text = answer.text.replace(PARSE_ERROR, '$1<parser message>');
  return { ...answer, text, json: JSON.parse(text) };
};

async function record(origin: string): Promise<RecordedAnswer[]> {
  const answers: RecordedAnswer[] = [];
  for (const scenario of scenarios) {
    const recorder = new Recorder(`${origin}${RUNTIME_PREFIX}`, scenario.name, false);
    await scenario.run(recorder);
    answers.push(...recorder.answers.map(withoutParserDetail));
  }
  return answers;
}

const describeDifferences = (differences: ReturnType<typeof compareTranscripts>) =>
  differences
    .map(
      ({ probe, groups }) =>
        `${probe}:\n${groups.map((group) => `  ${group.transcripts.join(', ')} -> ${group.answer.status} ${group.answer.text.slice(0, 200)}`).join('\n')}`,
    )
    .join('\n');

let reference: RecordedAnswer[] = [];
beforeAll(async () => {
  const engine = runtimeEngine();
  const app: RunningApp = await adapterRows
    .find((row) => row.name === 'express5')!
    .start(engine, { prefix: RUNTIME_PREFIX, hostBodyParser: false });
  try {
    reference = await record(app.origin);
  } finally {
    await engine.close({ graceMs: 0 });
    await app.close();
  }
});

it('the Express 5 reference answers every probe as the contract says', () => {
  expect(Object.fromEntries(reference.map((answer) => [answer.probe, answer.status]))).toEqual(EXPECTED_STATUS);
  const result = reference.find((answer) => answer.probe === 'async flow: result')!;
  expect((result.json as { segments: { translatedText: string }[] }).segments.map((segment) => segment.translatedText)).toEqual([
    '[de] segment 0',
    '[de] segment 1',
  ]);
  const glossary = reference.find((answer) => answer.probe === 'segments: Unicode glossary')!;
  expect((glossary.json as { segments: { translatedText: string }[] }).segments[0].translatedText).toBe('[de] 问候 👋, Welt');
});

for (const row of runtimeRows) {
  describeWithServices([row.check()], `the ${row.name} row`, () => {
    let server: RuntimeServer | undefined;
    beforeAll(async () => {
      server = await row.start();
    }, 240_000);
    afterAll(async () => {
      await server?.close();
    });

    it(`answers every request as the Express 5 row does`, async () => {
      const answers = await record(server!.origin);
      const transcripts = new Map([
        ['express5', reference],
        [row.name, answers],
      ]);
      expect(describeDifferences(compareTranscripts(transcripts))).toBe('');
      expect(answers.map((answer) => answer.probe)).toEqual(reference.map((answer) => answer.probe));
    }, 240_000);
  });
}
