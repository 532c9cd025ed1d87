import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  DEFAULTS,
  type LanguagePair,
  type LanguagesResponse,
  type StatusResponse,
  type TranslateRequest,
  type TranslateResponse,
} from '../src/index.js';
import { ApiContract } from './contract.js';
import { CheckList, failCheck, type CheckResult } from './check-result.js';
import type { Credentials } from './credentials.js';
import { EngineCaller } from './engine-caller.js';
import { CannotConnectError, isConnectFailure, type EngineClient } from './engine-client.js';
import { pollJob } from './job-polling.js';
import { checkAuthRefusal, checkRetryAfter } from './policy-checks.js';
import { segmentProblems } from './segment-checks.js';
import {
  glossaryRequest,
  longSegment,
  MAX_SEGMENTS,
  numberedSegments,
  realisticSegments,
  translateRequest,
  UNICODE_SEGMENTS,
} from './sample-requests.js';

export interface ConformanceOptions {
  client: EngineClient;
  credentials: Credentials;
  /** The pair to translate; default the first pair `/languages` lists. */
  pair?: LanguagePair;
  /** How long an async job may take to finish. */
  jobTimeoutMs: number;
  /** Wait before retrying a 429 without a usable Retry-After. Default 1 s. */
  fallbackRetryDelayMs?: number;
}

export interface ConformanceReport {
  baseUrl: string;
  /** `en:de`, when a pair could be chosen. */
  pair?: string;
  passed: boolean;
  checks: CheckResult[];
}

const ASYNC_SEGMENTS = 20;
/** Near the engine's default `limits.maxSegmentChars`: long help texts and legal paragraphs come in one segment. */
const LONG_SEGMENT_CHARS = DEFAULTS.maxSegmentChars - 500;
const TRANSLATION_CHECKS = [
  'translate.one-segment',
  'translate.500-segments',
  'translate.long-segment',
  'translate.glossary-metadata',
  'translate.unicode',
];
const formatPair = (pair: LanguagePair) => `${pair.sourceLanguage}:${pair.targetLanguage}`;
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Calls every endpoint as Phrase does and checks each answer against the document bundled here. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const contract = new ApiContract();
  const caller = new EngineCaller(options.client, contract, options.credentials, options.fallbackRetryDelayMs);
  const checks = new CheckList();
  const report = (pair?: LanguagePair): ConformanceReport => ({
    baseUrl: options.client.baseUrl,
    pair: pair && formatPair(pair),
    passed: checks.results.every((check) => check.outcome !== 'fail'),
    checks: checks.results,
  });

  if (options.credentials.kind === 'client-credentials') {
    const gotToken = await checks.run('auth.client-credentials', 'a token from the token URL', async () => {
      try {
        await options.credentials.headers();
      } catch (error) {
        failCheck(error instanceof Error ? error.message : String(error));
      }
      return 'token issued';
    });
    if (!gotToken) return report();
  }

  // The first call tells whether anything answers at all: if not, the run stops here with nothing passed.
  const firstAnswer = caller.call('getStatus', { body: {} });
  try {
    await firstAnswer;
  } catch (error) {
    if (isConnectFailure(error)) throw new CannotConnectError(options.client.baseUrl, error);
  }
  await checks.run('status', '200 StatusResponse with status "ok"', async () => {
    const answer = await firstAnswer;
    const { problems, body } = contract.checkAnswer('getStatus', answer, [200]);
    if (problems.length) failCheck(problems);
    const { status } = body as StatusResponse;
    if (status !== 'ok') failCheck(`status is "${status}": Phrase does not route to an engine that is not ok`);
    return `200 ok (${Math.round(answer.durationMs)} ms)`;
  });

  let pair = options.pair;
  let noPairReason = 'no language pair: /languages failed; pass --pair';
  await checks.run(
    'languages',
    pair ? `200 LanguagesResponse listing ${formatPair(pair)}` : '200 LanguagesResponse, at least one pair',
    async () => {
      const answer = await caller.call('getLanguages', { body: {} });
      if (answer.status === 401 || answer.status === 403)
        noPairReason = `no language pair: /languages refused the credentials (${answer.status})`;
      const { problems, body } = contract.checkAnswer('getLanguages', answer, [200]);
      if (problems.length) failCheck(problems);
      const pairs = (body as LanguagesResponse).languagePairs;
      if (pairs.length === 0) failCheck('languagePairs is empty: Phrase would offer no language to this engine');
      if (pair) {
        const wanted = pair;
        const listed = pairs.some((p) => p.sourceLanguage === wanted.sourceLanguage && p.targetLanguage === wanted.targetLanguage);
        if (!listed) failCheck(`${formatPair(wanted)} is not among the ${pairs.length} pairs listed`);
      } else {
        pair = pairs[0];
      }
      return `${pairs.length} pairs; using ${formatPair(pair)}`;
    },
  );

  const translations: [string, string, TranslateRequest][] = pair
    ? [
        ['translate.one-segment', '1 segment', translateRequest(pair, numberedSegments(1))],
        // Ordinary sentences in mixed scripts, over 250 kB: what a parser's default limit refuses.
        ['translate.500-segments', `${MAX_SEGMENTS} segments`, translateRequest(pair, realisticSegments(MAX_SEGMENTS))],
        [
          'translate.long-segment',
          `1 segment of ${LONG_SEGMENT_CHARS} characters`,
          translateRequest(pair, [longSegment(LONG_SEGMENT_CHARS)]),
        ],
        ['translate.glossary-metadata', 'with glossary and metadata', glossaryRequest(pair)],
        ['translate.unicode', 'Unicode text', translateRequest(pair, UNICODE_SEGMENTS)],
      ]
    : [];
  if (!pair) {
    for (const name of TRANSLATION_CHECKS) checks.skip(name, '200 TranslateResponse', noPairReason);
  }
  for (const [name, what, request] of translations) {
    await checks.run(name, `200 TranslateResponse, ${what}, echoed in order`, async () => {
      const answer = await caller.call('translateTexts', { body: request });
      const { problems, body } = contract.checkAnswer('translateTexts', answer, [200]);
      if (problems.length) failCheck(problems);
      const segmentIssues = segmentProblems(request, body as TranslateResponse);
      if (segmentIssues.length) failCheck(segmentIssues);
      return `200, ${plural(request.segments.length, 'segment')} in order (${Math.round(answer.durationMs)} ms)`;
    });
  }

  const placeholderPair = pair ?? { sourceLanguage: 'en', targetLanguage: 'de' };
  await checks.run('translate.501-segments', '400 Error (more than 500 segments)', async () => {
    const answer = await caller.call('translateTexts', { body: translateRequest(placeholderPair, numberedSegments(MAX_SEGMENTS + 1)) });
    const { problems } = contract.checkAnswer('translateTexts', answer, [400]);
    if (problems.length) failCheck(problems);
    return '400 Error';
  });

  await runAsyncFlow(checks, caller, pair, options.jobTimeoutMs, noPairReason);

  const unknownId = `byo-engine-check-unknown-${randomUUID()}`;
  for (const id of ['translateAsyncStatus', 'translateAsyncResult'] as const) {
    await checks.run(`${id}.unknown-id`, '404 Error', async () => {
      const answer = await caller.call(id, { jobId: unknownId });
      const { problems } = contract.checkAnswer(id, answer, [404]);
      if (problems.length) failCheck(problems);
      return '404 Error';
    });
  }

  await checkAuthRefusal(checks, caller, 'none', placeholderPair, unknownId);
  await checkAuthRefusal(checks, caller, 'invalid', placeholderPair, unknownId);
  await checkRetryAfter(checks, caller.throttles);
  return report(pair);
}

/** Submits a job, polls its status with back-off until it is done or failed, then fetches the result. */
async function runAsyncFlow(
  checks: CheckList,
  caller: EngineCaller,
  pair: LanguagePair | undefined,
  jobTimeoutMs: number,
  noPairReason: string,
) {
  const { contract } = caller;
  const names = ['translateAsync.submit', 'translateAsync.poll', 'translateAsync.result'];
  if (!pair) {
    for (const name of names) checks.skip(name, 'an async job translated', noPairReason);
    return;
  }
  const request = translateRequest(pair, numberedSegments(ASYNC_SEGMENTS, 'Async segment'));
  let jobId: string | undefined;
  await checks.run(names[0], '200 TranslateAsyncResponse with a job id', async () => {
    const answer = await caller.call('translateAsync', { body: request });
    const { problems, body } = contract.checkAnswer('translateAsync', answer, [200]);
    if (problems.length) failCheck(problems);
    const { id } = body as { id: string };
    if (id === '') failCheck('id is empty');
    jobId = id;
    return `job ${id.slice(0, 40)}`;
  });
  if (jobId === undefined) {
    checks.skip(names[1], 'status done', 'no job was submitted');
    checks.skip(names[2], '200 TranslateResponse', 'no job was submitted');
    return;
  }
  const submittedJob = jobId;
  let done = false;
  await checks.run(names[1], `200 TranslateAsyncStatusResponse, "done" within ${jobTimeoutMs / 1000} s`, async () => {
    const started = performance.now();
    const outcome = await pollJob(caller, submittedJob, jobTimeoutMs);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (outcome.kind === 'bad-answer') failCheck(outcome.problems.map((problem) => `poll ${outcome.polls}: ${problem}`));
    if (outcome.kind === 'failed') failCheck(`job failed after ${outcome.polls} polls: ${outcome.detail ?? 'no detail'}`);
    if (outcome.kind === 'timed-out') failCheck(`still "running" after ${outcome.polls} polls in ${seconds} s`);
    done = true;
    return `done after ${plural(outcome.polls, 'poll')} (${seconds} s)`;
  });
  if (!done) {
    checks.skip(names[2], '200 TranslateResponse', 'the job did not finish');
    return;
  }
  await checks.run(names[2], `200 TranslateResponse, ${ASYNC_SEGMENTS} segments echoed in order`, async () => {
    const answer = await caller.call('translateAsyncResult', { jobId: submittedJob });
    const { problems, body } = contract.checkAnswer('translateAsyncResult', answer, [200]);
    if (problems.length) failCheck(problems);
    const segmentIssues = segmentProblems(request, body as TranslateResponse);
    if (segmentIssues.length) failCheck(segmentIssues);
    return `200, ${ASYNC_SEGMENTS} segments in order`;
  });
}
