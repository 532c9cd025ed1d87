/** One bar of a latency histogram: answers that took at least `fromMs` and less than `toMs`. */
export interface LatencyBucket {
  fromMs: number;
  toMs: number;
  count: number;
}

/** Ten buckets per decade, each about 26% wider than the one before. */
export const BUCKETS_PER_DECADE = 10;
/** The lowest bucket starts here; anything faster is counted in it. */
export const LOWEST_BUCKET_MS = 0.1;

const boundary = (index: number) => Number((LOWEST_BUCKET_MS * 10 ** (index / BUCKETS_PER_DECADE)).toPrecision(3));

/** Latencies counted in log-spaced buckets: constant memory whatever the run's length, the same bounds for every run. */
export class LatencyBuckets {
  private readonly counts = new Map<number, number>();

  record(milliseconds: number): void {
    const index = this.indexOf(milliseconds);
    this.counts.set(index, (this.counts.get(index) ?? 0) + 1);
  }

  /** The buckets from the first to the last that holds an answer, empty ones between them included. */
  buckets(): LatencyBucket[] {
    if (this.counts.size === 0) return [];
    const indexes = [...this.counts.keys()];
    const [first, last] = [Math.min(...indexes), Math.max(...indexes)];
    return Array.from({ length: last - first + 1 }, (_, offset) => ({
      fromMs: boundary(first + offset),
      toMs: boundary(first + offset + 1),
      count: this.counts.get(first + offset) ?? 0,
    }));
  }

  /** The bucket whose rounded bounds hold `milliseconds`: a value on an edge goes where the printed bounds say. */
  private indexOf(milliseconds: number): number {
    if (!(milliseconds > LOWEST_BUCKET_MS)) return 0;
    let index = Math.floor(Math.log10(milliseconds / LOWEST_BUCKET_MS) * BUCKETS_PER_DECADE);
    while (index > 0 && milliseconds < boundary(index)) index--;
    while (milliseconds >= boundary(index + 1)) index++;
    return index;
  }
}
