/**
 * An honest `Retry-After`: the seconds until the `waiting` requests ahead of a new one (and it) have gone
 * through `concurrency` slots, at the recent average duration. An integer from 1 to 3600.
 */
export function estimateRetryAfterSeconds(waiting: number, concurrency: number, averageMs: number): number {
  const rounds = Math.ceil((waiting + 1) / concurrency);
  return Math.min(3600, Math.max(1, Math.ceil((rounds * averageMs) / 1000)));
}

/** Moving average of durations, starting from a guess of one second. */
export class DurationAverage {
  private averageMs = 1000;

  get ms(): number {
    return this.averageMs;
  }

  add(durationMs: number): void {
    this.averageMs = 0.8 * this.averageMs + 0.2 * durationMs;
  }
}
