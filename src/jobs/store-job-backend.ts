import type { TranslateRequest } from '../api-types.js';
import type { Principal } from '../auth/principal.js';
import type { JobBackend, JobTelemetryFactory, JobBackendContext } from './job-backend.js';
import { JobRunner } from './job-runner.js';
import type { JobRecord, JobStore } from './job-store.js';
import { MemoryJobStore } from './memory-job-store.js';
import type { MaybePromise } from '../maybe-promise.js';

/** The default backend: jobs run in this process (a `JobRunner`), their status and result live in a `JobStore`. */
export class StoreJobBackend implements JobBackend {
  private readonly runner: JobRunner;
  /** A `MemoryJobStore` whose `get` is its own (a subclass may answer `get` otherwise) is read without a promise. */
  private readonly readsAtOnce: boolean;

  constructor(
    private readonly store: JobStore,
    private readonly context: JobBackendContext,
    /** Whether `close` closes the store too (it does for the store the engine created itself). */
    private readonly ownsStore: boolean,
  ) {
    this.readsAtOnce = store instanceof MemoryJobStore && store.get === MemoryJobStore.prototype.get;
    this.runner = new JobRunner({
      store,
      translate: context.translate,
      concurrency: context.concurrency,
      maxQueued: context.maxQueued,
      timeoutMs: context.timeoutMs,
      logger: context.logger,
    });
  }

  async submit(request: TranslateRequest, principal: Principal, owner: string, telemetry?: JobTelemetryFactory): Promise<string> {
    this.runner.holdPlace();
    const id = crypto.randomUUID(); // Web Crypto: every runtime has it
    try {
      await this.store.create({ id, owner, createdAt: Date.now(), ttlSeconds: this.context.ttlSeconds });
    } finally {
      this.runner.releasePlace(); // `start` takes the place over in the same tick
    }
    this.runner.start(id, request, principal, telemetry?.(id));
    return id;
  }

  get(id: string, owner: string): MaybePromise<JobRecord | undefined> {
    return this.readsAtOnce ? (this.store as MemoryJobStore).getNow(id, owner) : this.store.get(id, owner);
  }

  health(): Promise<boolean> {
    return this.store.health ? this.store.health() : Promise.resolve(true);
  }

  stats(): { running: number; queued: number } {
    return this.runner.stats();
  }

  async close(graceMs: number): Promise<void> {
    await this.runner.close(graceMs);
    if (this.ownsStore) await this.store.close?.();
  }
}
