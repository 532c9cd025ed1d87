/** Requests of one kind, at most `capacity` of them: a uniform random sample of all that were added. */
export class RequestReservoir {
  /** Every request added, kept or not. */
  seen = 0;
  private readonly atSeconds: number[] = [];
  private readonly latencyMs: number[] = [];

  /** `random` returns a number in [0, 1), as Math.random does; tests pass their own. */
  constructor(
    readonly capacity: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Reservoir sampling (Vitter's algorithm R): after n adds, each request is kept with probability capacity / n. */
  add(atSeconds: number, latencyMs: number): void {
    this.seen++;
    let slot = this.atSeconds.length;
    if (slot >= this.capacity) {
      slot = Math.floor(this.random() * this.seen);
      if (slot >= this.capacity) return;
    }
    this.atSeconds[slot] = atSeconds;
    this.latencyMs[slot] = latencyMs;
  }

  /** The kept requests as `[atSeconds, latencyMs]`, in time order. */
  kept(): [number, number][] {
    return this.atSeconds.map((at, index): [number, number] => [at, this.latencyMs[index]]).sort((a, b) => a[0] - b[0]);
  }
}
