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
  /**
   * A `MemoryJobStore` whose `get` and `create` are its own (a subclass may change what they do) is read and
   * written without a promise.
   */
  private readonly atOnce: boolean;

  constructor(
    private readonly store: JobStore,
    private readonly context: JobBackendContext,
    /** Whether `close` closes the store too (it does for the store the engine created itself). */
    private readonly ownsStore: boolean,
  ) {
    this.atOnce =
      store instanceof MemoryJobStore && store.get === MemoryJobStore.prototype.get && store.create === MemoryJobStore.prototype.create;
    this.runner = new JobRunner({
      store,
      translate: context.translate,
      concurrency: context.concurrency,
      maxQueued: context.maxQueued,
      timeoutMs: context.timeoutMs,
      logger: context.logger,
    });
  }

  submit(request: TranslateRequest, principal: Principal, owner: string, telemetry?: JobTelemetryFactory): MaybePromise<string> {
    this.runner.holdPlace();
    const job = { id: crypto.randomUUID(), owner, createdAt: Date.now(), ttlSeconds: this.context.ttlSeconds }; // Web Crypto: every runtime has it
    let creating: Promise<void> | undefined;
    try {
      creating = this.atOnce && (this.store as MemoryJobStore).createNow(job) ? undefined : this.store.create(job);
    } catch (error) {
      this.runner.releasePlace();
      throw error;
    }
    const start = () => {
      this.runner.releasePlace(); // `start` takes the place over in the same tick
      this.runner.start(job.id, request, principal, telemetry?.(job.id));
      return job.id;
    };
    if (!creating) return start();
    return creating.then(start, (error: unknown) => {
      this.runner.releasePlace();
      throw error;
    });
  }

  get(id: string, owner: string): MaybePromise<JobRecord | undefined> {
    return this.atOnce ? (this.store as MemoryJobStore).getNow(id, owner) : this.store.get(id, owner);
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
