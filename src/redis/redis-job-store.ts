import type { Redis, RedisOptions } from 'ioredis';
import type { JobStatus, TranslateResponse } from '../api-types.js';
import type { JobRecord, JobStore, NewJob } from '../jobs/job-store.js';
import { errorDetails, stderrLogger, type Logger } from '../logger.js';
import { defineJobCommands, type ScriptedPipeline, type ScriptedRedis } from './job-scripts.js';
import { asStoreError, createFailFastClient, describeEndpoint, waitUntilReady } from './redis-connection.js';

/** The detail of a job whose instance stopped renewing its lease (crashed, killed, cut off from Redis). */
export const LOST_WORKER_DETAIL =
  'The worker running this job was lost (its server stopped or lost its connection to Redis); submit the job again';

/** Options of `RedisJobStore`: a URL or your own ioredis client. */
export interface RedisJobStoreOptions {
  /** `redis://` or `rediss://` URL: the store opens (and on `close`, closes) its own fail-fast connection. */
  url?: string;
  /**
   * Or your own ioredis client, left open on `close`. Create it with `enableOfflineQueue: false`,
   * `maxRetriesPerRequest: 0` and a `commandTimeout`, or requests wait while Redis is away instead of answering 503.
   */
  client?: Redis;
  /** Prefix of every key. Instances that serve the same Phrase connector must use the same one. Default `byo-engine:`. */
  prefix?: string;
  /** A running job whose instance has not renewed its lease for this long is reported failed. Default 30,000 ms. */
  leaseMs?: number;
  /** How often an instance renews the leases of its jobs (queued and running). Default a third of `leaseMs`. */
  renewIntervalMs?: number;
  /** Own connection only: a command taking longer fails (the request answers 503). Default 5,000 ms. */
  commandTimeoutMs?: number;
  /** How long `connect`/`ready` wait for Redis. Default 10,000 ms. */
  connectTimeoutMs?: number;
  /** Own connection only: more ioredis options (TLS, username, db, ...). */
  redisOptions?: RedisOptions;
  /** `Retry-After` seconds answered while Redis is unavailable. Default 5. */
  retryAfterSeconds?: number;
  /** Where connection problems are reported. Default: JSON lines on stderr. */
  logger?: Logger;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0)) throw new Error(`byo-engine: RedisJobStore ${name} must be a positive number`);
  return value;
}

/**
 * Jobs in Redis, shared by every instance behind a load balancer. Each job is a hash that expires with a
 * Redis TTL (no sweeper); every change is one Lua script, atomic on the server. The instance that created a
 * job renews its lease until the job finishes; a status read after the lease ran out reports `failed`.
 * Create it with `await RedisJobStore.connect(options)`, which fails clearly when Redis cannot be reached.
 */
export class RedisJobStore implements JobStore {
  /** Creates the store and waits until Redis answers; rejects with a clear error (and closes) when it does not. */
  static async connect(options: RedisJobStoreOptions): Promise<RedisJobStore> {
    const store = new RedisJobStore(options);
    try {
      await store.ready();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  readonly prefix: string;
  readonly leaseMs: number;
  private readonly client: ScriptedRedis;
  private readonly ownsClient: boolean;
  private readonly connectTimeoutMs: number;
  private readonly retryAfterSeconds: number;
  private readonly logger: Logger;
  /** Jobs this instance created and has not finished: it keeps their leases alive, queued or running. */
  private readonly held = new Set<string>();
  private readonly renewer: NodeJS.Timeout;
  private renewing = false;
  private renewFailing = false;

  constructor(options: RedisJobStoreOptions) {
    if (!options.url === !options.client) throw new Error('byo-engine: RedisJobStore needs either `url` or `client` (not both)');
    this.prefix = options.prefix ?? 'byo-engine:';
    this.leaseMs = positive('leaseMs', options.leaseMs, 30_000);
    this.connectTimeoutMs = positive('connectTimeoutMs', options.connectTimeoutMs, 10_000);
    this.retryAfterSeconds = positive('retryAfterSeconds', options.retryAfterSeconds, 5);
    this.logger = options.logger ?? stderrLogger;
    this.ownsClient = !options.client;
    const client =
      options.client ??
      createFailFastClient(options.url!, {
        commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs, 5_000),
        connectTimeoutMs: this.connectTimeoutMs,
        redisOptions: options.redisOptions,
      });
    if (this.ownsClient) this.reportConnectionChanges(client);
    this.client = defineJobCommands(client);
    const renewIntervalMs = positive('renewIntervalMs', options.renewIntervalMs, this.leaseMs / 3);
    this.renewer = setInterval(() => void this.renewLeases(), renewIntervalMs);
    this.renewer.unref();
  }

  /** Resolves once Redis answers; rejects with a clear error at the first failed attempt or after `connectTimeoutMs`. */
  ready(): Promise<void> {
    return waitUntilReady(this.client, this.connectTimeoutMs);
  }

  async create(job: NewJob): Promise<void> {
    const ttlMs = Math.max(1, Math.round(job.ttlSeconds * 1000));
    const created = await this.call(() =>
      this.client.byoJobCreate(this.jobKey(job.id), this.leaseKey(job.id), job.owner, job.createdAt, ttlMs, this.leaseMs),
    );
    if (created !== 1) throw new Error(`job ${job.id} already exists`);
    this.held.add(job.id);
  }

  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    const row = await this.call(() => this.client.byoJobRead(this.jobKey(id), this.leaseKey(id), owner, LOST_WORKER_DETAIL));
    if (!row) return undefined;
    const [status, detail, result, createdAt] = row;
    return {
      id,
      owner,
      status: status as JobStatus,
      createdAt: Number(createdAt),
      ...(detail !== null && { detail }),
      ...(result !== null && { result: JSON.parse(result) as TranslateResponse }),
    };
  }

  complete(id: string, result: TranslateResponse): Promise<boolean> {
    return this.finish(id, 'done', 'result', JSON.stringify(result));
  }

  fail(id: string, detail: string): Promise<boolean> {
    return this.finish(id, 'failed', 'detail', detail);
  }

  /** Stops renewing leases and closes the connection the store opened (a client you passed stays open). */
  async close(): Promise<void> {
    clearInterval(this.renewer);
    this.held.clear();
    if (!this.ownsClient) return;
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  private async finish(id: string, status: 'done' | 'failed', field: 'result' | 'detail', value: string): Promise<boolean> {
    try {
      return (await this.call(() => this.client.byoJobFinish(this.jobKey(id), this.leaseKey(id), status, field, value))) === 1;
    } finally {
      // Finished, or beyond reach: either way this instance stops vouching for the job.
      this.held.delete(id);
    }
  }

  /** One round trip renews every lease this instance holds; jobs no longer running are let go. */
  private async renewLeases(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    const ids = [...this.held];
    try {
      const pipeline = this.client.pipeline() as ScriptedPipeline;
      for (const id of ids) pipeline.byoJobRenew(this.jobKey(id), this.leaseKey(id), this.leaseMs);
      const replies = (await pipeline.exec()) ?? [];
      const failure = replies.find(([error]) => error)?.[0];
      if (failure) throw failure;
      replies.forEach(([, still], index) => {
        if (still === 0) this.held.delete(ids[index]);
      });
      if (this.renewFailing) this.logger.info({}, 'job leases renewed again');
      this.renewFailing = false;
    } catch (error) {
      if (!this.renewFailing) this.logger.warn({ jobs: ids.length, ...errorDetails(error) }, 'could not renew job leases in Redis');
      this.renewFailing = true;
    } finally {
      this.renewing = false;
    }
  }

  private async call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw asStoreError(error, this.retryAfterSeconds);
    }
  }

  /** One warning per outage, not one per reconnect attempt (failures before the first connection are `ready`'s to report). */
  private reportConnectionChanges(client: Redis): void {
    let connected = false;
    let lost = false;
    const reportLoss = (error?: Error) => {
      if (!connected || lost) return;
      lost = true;
      this.logger.warn(
        { redis: describeEndpoint(client), ...(error ? errorDetails(error) : {}) },
        'Redis connection problem; reconnecting',
      );
    };
    client.on('error', (error: Error) => reportLoss(error));
    // A server that shuts down cleanly closes the socket without an error; ioredis then schedules a reconnect.
    client.on('reconnecting', () => reportLoss());
    client.on('ready', () => {
      connected = true;
      if (lost) this.logger.info({ redis: describeEndpoint(client) }, 'Redis connection restored');
      lost = false;
    });
  }

  private jobKey(id: string): string {
    return `${this.prefix}{${id}}:job`;
  }

  private leaseKey(id: string): string {
    return `${this.prefix}{${id}}:lease`;
  }
}
