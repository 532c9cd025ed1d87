import { LatencyBuckets, type LatencyBucket } from './latency-buckets.js';
import { RequestReservoir } from './request-reservoir.js';

/** Requests of one endpoint, as the HTML report charts them. Times are seconds since the run started. */
export interface EndpointCharts {
  /** Every request sent to the endpoint. */
  requests: number;
  /** Requests answered with a status other than 200, or not answered at all (timeout, connection error). */
  failed: number;
  /** A uniform random sample of the requests answered 200: when each left, and its latency. */
  ok: { atSeconds: number[]; latencyMs: number[] };
  /** The same for failed requests, sampled on their own so that rare failures always show. */
  failures: { atSeconds: number[]; latencyMs: number[] };
  /** Latencies of every answer (any status), in log-spaced buckets. */
  histogram: LatencyBucket[];
}

export interface LoadCharts {
  /** How many requests each endpoint keeps at most, of those answered 200 and of the failed ones. */
  sampleLimits: { ok: number; failed: number };
  /** Per endpoint, such as `POST /translate`, in the order they were first called. */
  endpoints: Record<string, EndpointCharts>;
}

/** What happened to one request of a load run. */
export type RequestOutcome = 'ok' | 'error-answer' | 'no-answer';

export const DEFAULT_SAMPLE_LIMITS = { ok: 2000, failed: 500 };

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

/** Collects, while a load run lasts, what its report charts: bounded memory whatever the rate and duration. */
export class LoadChartsRecorder {
  private readonly endpoints = new Map<string, { ok: RequestReservoir; failed: RequestReservoir; buckets: LatencyBuckets }>();

  constructor(
    private readonly limits = DEFAULT_SAMPLE_LIMITS,
    private readonly random: () => number = Math.random,
  ) {}

  /** One request: when it left (seconds since the start), how long until its answer or failure, and how it ended. */
  record(endpoint: string, atSeconds: number, latencyMs: number, outcome: RequestOutcome): void {
    const charts = this.endpoint(endpoint);
    (outcome === 'ok' ? charts.ok : charts.failed).add(round(atSeconds, 3), round(latencyMs, 2));
    if (outcome !== 'no-answer') charts.buckets.record(latencyMs);
  }

  charts(): LoadCharts {
    const columns = (reservoir: RequestReservoir) => {
      const kept = reservoir.kept();
      return { atSeconds: kept.map(([at]) => at), latencyMs: kept.map(([, latency]) => latency) };
    };
    const endpoints = [...this.endpoints].map(([endpoint, { ok, failed, buckets }]): [string, EndpointCharts] => [
      endpoint,
      { requests: ok.seen + failed.seen, failed: failed.seen, ok: columns(ok), failures: columns(failed), histogram: buckets.buckets() },
    ]);
    return { sampleLimits: { ...this.limits }, endpoints: Object.fromEntries(endpoints) };
  }

  private endpoint(endpoint: string) {
    let charts = this.endpoints.get(endpoint);
    if (!charts) {
      charts = {
        ok: new RequestReservoir(this.limits.ok, this.random),
        failed: new RequestReservoir(this.limits.failed, this.random),
        buckets: new LatencyBuckets(),
      };
      this.endpoints.set(endpoint, charts);
    }
    return charts;
  }
}
