import { describeTransportError, headerValue, type Answer } from '../engine-client.js';
import { isIntegerRetryAfter } from '../engine-caller.js';
import { LatencyHistogram, type LatencySummary } from './latency-histogram.js';

export interface AsyncJobSummary {
  /** Jobs the engine accepted (200 with an id). */
  submitted: number;
  /** Jobs whose status became `done` and whose result was fetched with 200. */
  completed: number;
  /** Jobs that reported `failed`, or whose status or result answered an error. */
  failed: number;
  /** Jobs still `running` when the job timeout passed. */
  timedOut: number;
  /** From sending the submit to the first status answer saying `done` (resolution: the poll back-off). */
  durationMs: LatencySummary;
}

/** Counters and histograms of a load run, updated as answers arrive. */
export class LoadStats {
  readonly endpoints = new Map<string, LatencyHistogram>();
  readonly statusCounts = new Map<string, number>();
  readonly dispatchLag = new LatencyHistogram();
  readonly jobDurations = new LatencyHistogram();
  requests = 0;
  answered = 0;
  errors = 0;
  throttledWithoutRetryAfter = 0;
  jobs = { submitted: 0, completed: 0, failed: 0, timedOut: 0 };

  recordAnswer(endpoint: string, answer: Answer): void {
    this.latency(endpoint).record(answer.durationMs);
    this.count(String(answer.status));
    this.answered++;
    if (answer.status !== 200) this.errors++;
    if (answer.status === 429 && !isIntegerRetryAfter(headerValue(answer.headers, 'retry-after'))) this.throttledWithoutRetryAfter++;
  }

  recordTransportError(error: unknown): void {
    this.count(describeTransportError(error));
    this.answered++;
    this.errors++;
  }

  endpointSummaries(): Record<string, LatencySummary> {
    return Object.fromEntries([...this.endpoints].map(([endpoint, histogram]) => [endpoint, histogram.summary()]));
  }

  asyncJobs(): AsyncJobSummary {
    return { ...this.jobs, durationMs: this.jobDurations.summary() };
  }

  private latency(endpoint: string): LatencyHistogram {
    let histogram = this.endpoints.get(endpoint);
    if (!histogram) this.endpoints.set(endpoint, (histogram = new LatencyHistogram()));
    return histogram;
  }

  private count(key: string): void {
    this.statusCounts.set(key, (this.statusCounts.get(key) ?? 0) + 1);
  }
}
