/**
 * `size` slots counted by hand, handed over first come first served. A free slot costs no promise, queue or lock
 * (an async-mutex `Semaphore` costs several promises per use); only a caller that has to wait gets a promise.
 */
export class Slots {
  /** Slots taken now. */
  taken = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** Takes a free slot: `true`, or `false` when all are taken (then `wait` for one). */
  tryTake(): boolean {
    if (this.taken >= this.size) return false;
    this.taken++;
    return true;
  }

  /** Resolves when a finishing holder hands its slot over: `taken` stays the same, so no newcomer takes it between. */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Gives the slot to the first waiter, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.taken--;
  }
}
