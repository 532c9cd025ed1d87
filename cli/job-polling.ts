import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { TranslateAsyncStatusResponse } from '../src/index.js';
import type { EngineCaller } from './engine-caller.js';

export type PollOutcome =
  | { kind: 'done'; polls: number }
  | { kind: 'failed'; polls: number; detail?: string }
  | { kind: 'timed-out'; polls: number }
  | { kind: 'bad-answer'; polls: number; problems: string[] };

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

/** Polls a job's status with doubling back-off (100 ms up to 2 s) until it settles or `timeoutMs` passes. */
export async function pollJob(caller: EngineCaller, jobId: string, timeoutMs: number): Promise<PollOutcome> {
  const deadline = performance.now() + timeoutMs;
  let delay = FIRST_DELAY_MS;
  for (let polls = 1; ; polls++) {
    const answer = await caller.call('translateAsyncStatus', { jobId });
    const { problems, body } = caller.contract.checkAnswer('translateAsyncStatus', answer, [200]);
    if (problems.length) return { kind: 'bad-answer', polls, problems };
    const status = body as TranslateAsyncStatusResponse;
    if (status.status === 'done') return { kind: 'done', polls };
    if (status.status === 'failed') return { kind: 'failed', polls, detail: status.detail };
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { kind: 'timed-out', polls };
    await sleep(Math.min(delay, remaining));
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
