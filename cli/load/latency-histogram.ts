import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** Percentiles of a set of durations, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const MICROS_PER_MS = 1000;
const round = (micros: number) => Math.round(micros / 10) / 100;

/** Durations kept in Node's built-in HDR histogram at microsecond resolution, three significant digits. */
export class LatencyHistogram {
  private readonly histogram: RecordableHistogram = createHistogram({
    lowest: 1,
    highest: 2 * 60 * 60 * MICROS_PER_MS * 1000,
    figures: 3,
  });

  record(milliseconds: number): void {
    this.histogram.record(Math.max(1, Math.round(milliseconds * MICROS_PER_MS)));
  }

  get count(): number {
    return this.histogram.count;
  }

  summary(): LatencySummary {
    const h = this.histogram;
    if (h.count === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    // A percentile is its bucket's highest equivalent value, which can lie above the exact maximum.
    const at = (percentile: number) => round(Math.min(h.percentile(percentile), h.max));
    return { count: h.count, p50: at(50), p95: at(95), p99: at(99), max: round(h.max) };
  }
}
