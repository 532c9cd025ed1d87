import * as hdr from 'hdr-histogram-js';

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

/** Durations kept in an HDR histogram at microsecond resolution, three significant digits. */
export class LatencyHistogram {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2 * 60 * 60 * MICROS_PER_MS * 1000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

  record(milliseconds: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(milliseconds * MICROS_PER_MS)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const h = this.histogram;
    if (h.totalCount === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    // A percentile is its bucket's highest equivalent value, which can lie above the exact maximum.
    const at = (percentile: number) => round(Math.min(h.getValueAtPercentile(percentile), h.maxValue));
    return { count: h.totalCount, p50: at(50), p95: at(95), p99: at(99), max: round(h.maxValue) };
  }
}
