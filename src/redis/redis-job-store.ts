import type { Redis, RedisOptions } from 'ioredis';
import type { JobStatus, TranslateResponse } from '../api-types.js';
import type { JobRecord, JobStore, NewJob } from '../jobs/job-store.js';
import { JobStoreUnavailableError } from '../jobs/store-unavailable-error.js';
import { errorDetails, stderrLogger, type Logger } from '../logger.js';
import { defineJobCommands, type ScriptedPipeline, type ScriptedRedis } from './job-scripts.js';
import { answersPing, asStoreError, createFailFastClient, describeEndpoint, waitUntilReady } from './redis-connection.js';

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
  /** Jobs this instance created and has not finished, with the time their TTL ends: it keeps their leases alive. */
  private readonly held = new Map<string, number>();
  /** Outcomes that could not be written while Redis was away: written on the next renewal round that reaches it. */
  private readonly unwritten = new Map<string, { status: 'done' | 'failed'; field: 'result' | 'detail'; value: string }>();
  private unwrittenReported = false;
  /** Whether the client has been ready once: until then, commands wait for it (bounded) instead of failing. */
  private everReady = false;
  private firstReady: Promise<void> | undefined;
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
    this.everReady = client.status === 'ready';
    client.on('ready', () => {
      const reconnected = this.everReady;
      this.everReady = true;
      if (reconnected) void this.renewLeases(); // renew and write what waited, before the leases run out
    });
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
    this.held.set(job.id, Date.now() + ttlMs);
  }

  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    let row = await this.call(() => this.client.byoJobRead(this.jobKey(id), this.leaseKey(id), owner));
    if (row && row[0] === 'running' && row[4] === 0) {
      // The lease ran out. Its worker is lost only if Redis has been reachable for a whole lease since:
      // after an outage every instance gets a full lease period to renew (a stopped Redis drops leases too).
      const calmMs = await this.call(() => this.client.byoPulse(this.pulseKey(), this.leaseMs / 2));
      if (calmMs >= this.leaseMs) {
        row = await this.call(() => this.client.byoJobLost(this.jobKey(id), this.leaseKey(id), owner, LOST_WORKER_DETAIL));
      }
    }
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

  /** Whether Redis answers a PING now (bounded by the command timeout); `/status` says `not_ok` while it does not. */
  async health(): Promise<boolean> {
    return answersPing(this.client);
  }

  /** Stops renewing leases and closes the connection the store opened (a client you passed stays open). */
  async close(): Promise<void> {
    clearInterval(this.renewer);
    if (this.unwritten.size > 0 && this.client.status === 'ready') await this.writeUnwritten();
    if (this.unwritten.size > 0) {
      this.logger.warn({ jobs: this.unwritten.size }, 'store closed while Redis was unavailable: these job results were not written');
    }
    this.held.clear();
    this.unwritten.clear();
    if (!this.ownsClient) return;
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  /**
   * Writes the outcome. While Redis is unavailable the outcome of a job this instance holds is kept and
   * written once Redis is back (until the job's TTL ends or the store closes); the call answers `false` then.
   */
  private async finish(id: string, status: 'done' | 'failed', field: 'result' | 'detail', value: string): Promise<boolean> {
    try {
      const moved = (await this.call(() => this.client.byoJobFinish(this.jobKey(id), this.leaseKey(id), status, field, value))) === 1;
      this.held.delete(id); // finished (by this call or another): this instance stops vouching for it
      return moved;
    } catch (error) {
      if (!(error instanceof JobStoreUnavailableError) || !this.held.has(id)) {
        this.held.delete(id);
        throw error;
      }
      this.unwritten.set(id, { status, field, value });
      if (!this.unwrittenReported)
        this.logger.warn({ ...errorDetails(error.cause) }, 'Redis unavailable: job results are kept until it is back');
      this.unwrittenReported = true;
      return false;
    }
  }

  /** Writes the outcomes kept during an outage; a job whose TTL ended meanwhile is let go. */
  private async writeUnwritten(): Promise<void> {
    for (const [id, outcome] of [...this.unwritten]) {
      if ((this.held.get(id) ?? 0) <= Date.now()) {
        this.unwritten.delete(id);
        this.held.delete(id);
        continue;
      }
      await this.client.byoJobFinish(this.jobKey(id), this.leaseKey(id), outcome.status, outcome.field, outcome.value);
      this.unwritten.delete(id);
      this.held.delete(id);
    }
    if (this.unwritten.size === 0 && this.unwrittenReported) this.logger.info({}, 'job results kept during the Redis outage were written');
    this.unwrittenReported = this.unwritten.size > 0;
  }

  /**
   * One round trip renews every lease this instance holds and the store's pulse (which tells other
   * instances that Redis is reachable); jobs no longer running are let go. Then kept outcomes are written.
   */
  private async renewLeases(): Promise<void> {
    if (this.renewing || !this.everReady) return;
    this.renewing = true;
    const ids = [...this.held.keys()];
    try {
      const pipeline = this.client.pipeline() as ScriptedPipeline;
      pipeline.byoPulse(this.pulseKey(), this.leaseMs / 2);
      for (const id of ids) pipeline.byoJobRenew(this.jobKey(id), this.leaseKey(id), this.leaseMs);
      const replies = ((await pipeline.exec()) ?? []).slice(1);
      const failure = replies.find(([error]) => error)?.[0];
      if (failure) throw failure;
      replies.forEach(([, still], index) => {
        if (still === 0 && !this.unwritten.has(ids[index])) this.held.delete(ids[index]);
      });
      if (this.unwritten.size > 0) await this.writeUnwritten();
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
      // A store created a moment ago waits for its first connection instead of refusing the first requests.
      if (!this.everReady) {
        // One wait shared by every request that arrives before the first connection.
        this.firstReady ??= this.ready().finally(() => (this.firstReady = undefined));
        await this.firstReady;
      }
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

  private pulseKey(): string {
    return `${this.prefix}pulse`;
  }

  private leaseKey(id: string): string {
    return `${this.prefix}{${id}}:lease`;
  }
}
