import { setTimeout as sleep } from 'node:timers/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { LanguagePair, TranslateAsyncResponse, TranslateAsyncStatusResponse } from '../../src/index.js';
import type { OperationId } from '../../src/index.js';
import { ApiContract } from '../contract.js';
import type { Credentials } from '../credentials.js';
import { isIntegerRetryAfter } from '../engine-caller.js';
import { headerValue, type Answer, type EngineClient } from '../engine-client.js';
import { numberedSegments, translateRequest } from '../sample-requests.js';
import type { LatencySummary } from './latency-histogram.js';
import type { LoadChartsRecorder } from './load-charts.js';
import { LoadStats, type AsyncJobSummary } from './load-stats.js';

export interface LoadOptions {
  client: EngineClient;
  credentials: Credentials;
  pair: LanguagePair;
  /** Requests per second to hold, whatever the answers' latency. */
  ratePerSecond: number;
  durationSeconds: number;
  /** An async job still running this long after its submit counts as timed out. */
  jobTimeoutMs: number;
  /** Share of new flows that are async submit/poll/fetch flows; the rest are `/translate` calls. Default 0.2. */
  asyncShare?: number;
  /** Segments in each translate or submit request. Default 10. */
  segmentsPerRequest?: number;
  /** Called about once a second while the run lasts. */
  onProgress?: (progress: LoadProgress) => void;
  /** Given, it records every request for the HTML report's charts (a bounded sample and latency buckets). */
  charts?: LoadChartsRecorder;
}

export interface LoadProgress {
  elapsedSeconds: number;
  /** `schedule` while requests are sent at the target rate; `drain` while open jobs finish afterwards. */
  phase: 'schedule' | 'drain';
  answered: number;
  errors: number;
  /** Answers per second over the last second. */
  currentRate: number;
  inFlight: number;
}

export interface LoadReport {
  baseUrl: string;
  pair: string;
  targetRate: number;
  durationSeconds: number;
  /** Requests the schedule holds: rate × duration. */
  scheduled: number;
  /** Scheduled requests sent. */
  dispatched: number;
  /** Scheduled requests that got an answer (any status) or failed. */
  answered: number;
  /** Polls and result fetches for jobs still open when the schedule ended, sent as they fell due. */
  afterSchedule: number;
  /** Scheduled answers per second, over the longer of the duration and the time to the last answer. */
  achievedRate: number;
  /** Scheduled requests sent per second. */
  dispatchRate: number;
  /** How late requests left against their scheduled time. */
  dispatchLagMs: LatencySummary;
  /** The checker's own event-loop delay: high when its process is starved of CPU. */
  checkerLoopDelayMs: { p50: number; p99: number; max: number };
  maxInFlight: number;
  connections: number;
  /** Latency per endpoint, such as `POST /translate`. */
  endpoints: Record<string, LatencySummary>;
  /** Answers by status code, and calls without an answer by error (`timeout`, `ECONNREFUSED`...). */
  statusCounts: Record<string, number>;
  requests: number;
  errors: number;
  throttledWithoutRetryAfter: number;
  asyncJobs: AsyncJobSummary;
  /** The target rate was held: enough answers per second, and requests left on time. */
  held: boolean;
  passed: boolean;
  /** Why the run failed; empty when it passed. */
  failures: string[];
}

/** The rate is held when answers reach this share of the target... */
export const HELD_RATE_RATIO = 0.95;
/** ...and 99% of requests leave no later than this after their scheduled time. */
export const MAX_DISPATCH_LAG_P99_MS = 100;
/** A run passes with at most this share of error answers. */
export const MAX_ERROR_RATIO = 0.01;

const FIRST_POLL_DELAY_MS = 100;
const MAX_POLL_DELAY_MS = 2_000;
const FALLBACK_RETRY_MS = 1_000;
const DRAIN_TICK_MS = 10;

interface Job {
  id: string;
  submittedAt: number;
  pollDelayMs: number;
}

type Action = { kind: 'translate' } | { kind: 'submit' } | { kind: 'poll'; job: Job } | { kind: 'result'; job: Job };

const OPERATION: Record<Action['kind'], OperationId> = {
  translate: 'translateTexts',
  submit: 'translateAsync',
  poll: 'translateAsyncStatus',
  result: 'translateAsyncResult',
};

/** How many sockets a run may open: enough for two seconds of answers held back at the target rate. */
export const connectionsFor = (ratePerSecond: number) => Math.max(64, Math.ceil(ratePerSecond * 2));

/**
 * An open-model load run: request `n` leaves at `start + n / rate` whether or not earlier ones were
 * answered. Each slot takes a poll or result fetch that has fallen due, else starts a new flow.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  return new LoadRun(options).run();
}

class LoadRun {
  private readonly contract = new ApiContract();
  private readonly stats = new LoadStats();
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private readonly followUps: { dueAt: number; action: Action }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly bodies: Record<'translate' | 'submit', string>;
  private readonly asyncShare: number;
  private asyncCredit = 0;
  private dispatched = 0;
  private slotsAnswered = 0;
  private afterSchedule = 0;
  private maxInFlight = 0;
  private start = 0;
  private lastDispatchAt = 0;
  private lastSlotAnswerAt = 0;

  constructor(private readonly options: LoadOptions) {
    const body = JSON.stringify(translateRequest(options.pair, numberedSegments(options.segmentsPerRequest ?? 10, 'Load segment')));
    this.bodies = { translate: body, submit: body };
    this.asyncShare = options.asyncShare ?? 0.2;
  }

  async run(): Promise<LoadReport> {
    const { ratePerSecond, durationSeconds } = this.options;
    const scheduled = Math.round(ratePerSecond * durationSeconds);
    this.start = performance.now();
    const stopProgress = this.reportProgress();
    this.loopDelay.enable();
    try {
      await this.runSchedule(scheduled, 1000 / ratePerSecond);
      await this.drain();
    } finally {
      stopProgress();
      this.loopDelay.disable();
    }
    return this.report(scheduled);
  }

  /** Sends every slot at its time; a late timer sends all slots that fell due at once. */
  private runSchedule(scheduled: number, intervalMs: number): Promise<void> {
    return new Promise((resolve) => {
      let next = 0;
      const tick = () => {
        const now = performance.now();
        while (next < scheduled && this.start + next * intervalMs <= now) {
          this.stats.dispatchLag.record(now - (this.start + next * intervalMs));
          this.launch(this.takeDueFollowUp(now) ?? this.newFlow(), true);
          next++;
        }
        if (next >= scheduled) return resolve();
        setTimeout(tick, Math.max(0, this.start + next * intervalMs - performance.now()));
      };
      tick();
    });
  }

  /** After the schedule: follow open jobs to their end, and wait for every answer (each bounded by its timeout). */
  private async drain(): Promise<void> {
    while (this.followUps.length > 0 || this.inFlight.size > 0) {
      const now = performance.now();
      for (let action = this.takeDueFollowUp(now); action; action = this.takeDueFollowUp(now)) {
        this.afterSchedule++;
        this.launch(action, false);
      }
      await sleep(DRAIN_TICK_MS);
    }
  }

  private newFlow(): Action {
    this.asyncCredit += this.asyncShare;
    if (this.asyncCredit < 1) return { kind: 'translate' };
    this.asyncCredit -= 1;
    return { kind: 'submit' };
  }

  private takeDueFollowUp(now: number): Action | undefined {
    let earliest = -1;
    for (let index = 0; index < this.followUps.length; index++) {
      if (this.followUps[index].dueAt <= now && (earliest === -1 || this.followUps[index].dueAt < this.followUps[earliest].dueAt)) {
        earliest = index;
      }
    }
    return earliest === -1 ? undefined : this.followUps.splice(earliest, 1)[0].action;
  }

  private later(action: Action, delayMs: number): void {
    this.followUps.push({ dueAt: performance.now() + delayMs, action });
  }

  private launch(action: Action, slot: boolean): void {
    if (slot) {
      this.dispatched++;
      this.lastDispatchAt = performance.now();
    }
    const call = this.perform(action, slot).finally(() => this.inFlight.delete(call));
    this.inFlight.add(call);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight.size);
  }

  /** Sends one request and acts on its answer. Never rejects. */
  private async perform(action: Action, slot: boolean): Promise<void> {
    const id = OPERATION[action.kind];
    const operation = this.contract.operation(id);
    const endpoint = this.contract.label(id);
    const sentAt = performance.now();
    const sentAtSeconds = (sentAt - this.start) / 1000;
    this.stats.requests++;
    try {
      const headers = await this.options.credentials.headers();
      const answer = await this.options.client.send({
        method: operation.method,
        path: this.contract.path(id, 'job' in action ? action.job.id : undefined),
        headers: { accept: 'application/json', ...headers },
        body: action.kind === 'translate' || action.kind === 'submit' ? this.bodies[action.kind] : undefined,
      });
      this.stats.recordAnswer(endpoint, answer);
      this.options.charts?.record(endpoint, sentAtSeconds, answer.durationMs, answer.status === 200 ? 'ok' : 'error-answer');
      this.follow(action, answer, sentAt);
    } catch (error) {
      this.stats.recordTransportError(error);
      this.options.charts?.record(endpoint, sentAtSeconds, performance.now() - sentAt, 'no-answer');
      if (action.kind === 'poll' || action.kind === 'result') this.stats.jobs.failed++;
    } finally {
      if (slot) {
        this.slotsAnswered++;
        this.lastSlotAnswerAt = performance.now();
      }
    }
  }

  /** The next step of an async flow, from the answer to its last step. */
  private follow(action: Action, answer: Answer, sentAt: number): void {
    if (action.kind === 'translate') return;
    if (answer.status === 429 && action.kind !== 'submit') {
      const retryAfter = headerValue(answer.headers, 'retry-after');
      const delay = isIntegerRetryAfter(retryAfter) ? Number(retryAfter) * 1000 : FALLBACK_RETRY_MS;
      if (this.timedOut(action.job, delay)) this.stats.jobs.timedOut++;
      else this.later(action, delay);
      return;
    }
    if (answer.status !== 200) {
      if (action.kind !== 'submit') this.stats.jobs.failed++;
      return;
    }
    const body = parseJson(answer.text);
    if (action.kind === 'submit') {
      const id = (body as TranslateAsyncResponse | undefined)?.id;
      if (typeof id !== 'string' || id === '') return;
      this.stats.jobs.submitted++;
      this.later({ kind: 'poll', job: { id, submittedAt: sentAt, pollDelayMs: FIRST_POLL_DELAY_MS } }, FIRST_POLL_DELAY_MS);
    } else if (action.kind === 'poll') {
      const { job } = action;
      const status = (body as TranslateAsyncStatusResponse | undefined)?.status;
      if (status === 'done') {
        this.stats.jobDurations.record(performance.now() - job.submittedAt);
        this.later({ kind: 'result', job }, 0);
      } else if (status === 'running' && !this.timedOut(job, job.pollDelayMs)) {
        this.later(action, job.pollDelayMs);
        job.pollDelayMs = Math.min(job.pollDelayMs * 2, MAX_POLL_DELAY_MS);
      } else if (status === 'running') {
        this.stats.jobs.timedOut++;
      } else {
        this.stats.jobs.failed++;
      }
    } else {
      this.stats.jobs.completed++;
    }
  }

  private timedOut(job: Job, nextDelayMs: number): boolean {
    return performance.now() + nextDelayMs - job.submittedAt > this.options.jobTimeoutMs;
  }

  private reportProgress(): () => void {
    const { onProgress } = this.options;
    if (!onProgress) return () => {};
    let lastAnswered = 0;
    let lastAt = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsedSeconds = (now - this.start) / 1000;
      onProgress({
        elapsedSeconds,
        phase: elapsedSeconds < this.options.durationSeconds ? 'schedule' : 'drain',
        answered: this.stats.answered,
        errors: this.stats.errors,
        currentRate: ((this.stats.answered - lastAnswered) * 1000) / (now - lastAt),
        inFlight: this.inFlight.size,
      });
      lastAnswered = this.stats.answered;
      lastAt = now;
    }, 1000);
    timer.unref();
    return () => clearInterval(timer);
  }

  private report(scheduled: number): LoadReport {
    const { ratePerSecond: target, durationSeconds } = this.options;
    const achievedRate = this.slotsAnswered / Math.max(durationSeconds, (this.lastSlotAnswerAt - this.start) / 1000);
    const dispatchSpan = Math.max(durationSeconds, (this.lastDispatchAt - this.start) / 1000 + 1 / target);
    const dispatchLagMs = this.stats.dispatchLag.summary();
    const asyncJobs = this.stats.asyncJobs();
    const failures: string[] = [];
    if (this.dispatched < scheduled) failures.push(`only ${this.dispatched} of ${scheduled} scheduled requests were sent`);
    if (achievedRate < HELD_RATE_RATIO * target) {
      failures.push(`achieved ${achievedRate.toFixed(1)} req/s, below ${HELD_RATE_RATIO * 100}% of the target ${target}`);
    }
    const nanosToMs = (nanos: number) => Math.round(nanos / 1e5) / 10;
    const checkerLoopDelayMs = {
      p50: nanosToMs(this.loopDelay.percentile(50)),
      p99: nanosToMs(this.loopDelay.percentile(99)),
      max: nanosToMs(this.loopDelay.max),
    };
    if (dispatchLagMs.p99 > MAX_DISPATCH_LAG_P99_MS) {
      failures.push(
        `requests left late: send lag p99 ${Math.round(dispatchLagMs.p99)} ms > ${MAX_DISPATCH_LAG_P99_MS} ms` +
          (checkerLoopDelayMs.p99 > MAX_DISPATCH_LAG_P99_MS / 2
            ? ` (the checker itself was starved of CPU: event-loop delay p99 ${Math.round(checkerLoopDelayMs.p99)} ms)`
            : ''),
      );
    }
    const held = failures.length === 0;
    const { requests, errors, throttledWithoutRetryAfter } = this.stats;
    if (errors > MAX_ERROR_RATIO * requests)
      failures.push(`${errors} of ${requests} requests failed (more than ${MAX_ERROR_RATIO * 100}%)`);
    if (throttledWithoutRetryAfter > 0) failures.push(`${throttledWithoutRetryAfter} answers were 429 without an integer Retry-After`);
    if (asyncJobs.failed + asyncJobs.timedOut > 0)
      failures.push(`${asyncJobs.failed} async jobs failed and ${asyncJobs.timedOut} timed out`);
    return {
      baseUrl: this.options.client.baseUrl,
      pair: `${this.options.pair.sourceLanguage}:${this.options.pair.targetLanguage}`,
      targetRate: target,
      durationSeconds,
      scheduled,
      dispatched: this.dispatched,
      answered: this.slotsAnswered,
      afterSchedule: this.afterSchedule,
      achievedRate: round1(achievedRate),
      dispatchRate: round1(this.dispatched / dispatchSpan),
      dispatchLagMs,
      checkerLoopDelayMs,
      maxInFlight: this.maxInFlight,
      connections: this.options.client.connections,
      endpoints: this.stats.endpointSummaries(),
      statusCounts: Object.fromEntries(this.stats.statusCounts),
      requests,
      errors,
      throttledWithoutRetryAfter,
      asyncJobs,
      held,
      passed: failures.length === 0,
      failures,
    };
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
