import { Mutex } from 'async-mutex';
import type { TranslateResponse } from '../api-types.js';
import type { JobRecord, JobStore, NewJob } from './job-store.js';
import { JobStoreFullError } from './store-full-error.js';
import { unrefTimer } from './unref-timer.js';
import { jsonTextLength } from './json-text-length.js';

/** Options of `MemoryJobStore`. */
export interface MemoryJobStoreOptions {
  /** Most jobs kept; past it the oldest finished jobs are evicted first. Default 10,000. */
  maxJobs?: number;
  /**
   * Most bytes of results kept. Each result counts the characters of its JSON (`jsonTextLength`: one per
   * UTF-16 code unit, escapes not counted; the bytes of the JSON for ASCII text). Default 256 MiB.
   */
  maxBytes?: number;
  /**
   * The part of `maxJobs` and `maxBytes` one caller (job owner) may hold, above 0 and at most 1. A caller at
   * its share evicts only its own oldest finished jobs, never another caller's, and cannot fill the store
   * for others. Default 1 (no share) for a store you build; the engine's own store uses `jobs.callerShare`.
   */
  callerShare?: number;
  /** How often expired jobs are swept, in ms. Default 60,000. */
  sweepIntervalMs?: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  record: JobRecord;
  ttlMs: number;
  expiresAt: number;
  /** Size of the result (`jsonTextLength`); 0 until done. */
  bytes: number;
  /** Neighbours in the owner's list of finished jobs (`Holding`), once finished. */
  older: Entry | undefined;
  newer: Entry | undefined;
}

/** What one caller holds: its jobs, its result bytes, its finished jobs oldest first (its eviction order). */
interface Holding {
  jobs: number;
  bytes: number;
  /**
   * Ends of a list linked through the entries themselves: appending and unlinking are a few pointer writes, where
   * a second Map of 10,000 jobs cost a hash insert and delete per job.
   */
  oldestFinished: Entry | undefined;
  newestFinished: Entry | undefined;
}

/**
 * The default store: one process, jobs in a Map. Changes are serialised by one async-mutex: today no change
 * awaits between reading and writing a job, and the lock keeps that true if one ever does (an async clock,
 * a hook). A change runs at once when the lock is free, which it always is while every change is synchronous:
 * going through `runExclusive` anyway cost about 2 µs and 5 kB of promises per job. Reads take no lock.
 */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, Entry>();
  private readonly holdings = new Map<string, Holding>();
  private readonly changes = new Mutex();
  private readonly maxJobs: number;
  private readonly maxBytes: number;
  private readonly callerJobs: number;
  private readonly callerBytes: number;
  private totalBytes = 0;
  /** No job expires before this time (ms), so a sweep before it would find nothing. */
  private noExpiryBefore = Infinity;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemoryJobStoreOptions = {}) {
    this.maxJobs = options.maxJobs ?? 10_000;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    const share = options.callerShare ?? 1;
    this.now = options.now ?? Date.now;
    if (!(this.maxJobs >= 1)) throw new Error('byo-engine: maxJobs must be at least 1');
    if (!(this.maxBytes >= 1)) throw new Error('byo-engine: maxBytes must be at least 1');
    if (!(share > 0 && share <= 1)) throw new Error('byo-engine: callerShare must be above 0 and at most 1');
    this.callerJobs = Math.max(1, Math.floor(this.maxJobs * share));
    this.callerBytes = Math.max(1, Math.floor(this.maxBytes * share));
    this.sweeper = setInterval(() => void this.change(() => this.sweepNow()), options.sweepIntervalMs ?? 60_000);
    unrefTimer(this.sweeper);
  }

  /** Number of jobs held, expired ones included until swept. */
  get size(): number {
    return this.jobs.size;
  }

  create(job: NewJob): Promise<void> {
    return this.change(() => this.insert(job));
  }

  /**
   * What `create` does, at once when no change holds the lock (always, while every change is synchronous): `true`
   * once the job is created, `false` when a change holds the lock (call `create` then). Throws where `create`
   * rejects. The engine submits through it (no promise per `/translateAsync`).
   */
  createNow(job: NewJob): boolean {
    if (this.changes.isLocked()) return false;
    this.insert(job);
    return true;
  }

  private insert(job: NewJob): void {
    if (this.jobs.has(job.id)) throw new Error(`job ${job.id} already exists`);
    const holding = this.holdingOf(job.owner);
    if (holding.jobs >= this.callerJobs || this.jobs.size >= this.maxJobs) this.makeRoom(holding);
    const ttlMs = job.ttlSeconds * 1000;
    const record: JobRecord = { id: job.id, owner: job.owner, status: 'running', createdAt: job.createdAt };
    const expiresAt = this.now() + ttlMs;
    this.jobs.set(job.id, { record, ttlMs, expiresAt, bytes: 0, older: undefined, newer: undefined });
    this.noExpiryBefore = Math.min(this.noExpiryBefore, expiresAt);
    holding.jobs++;
  }

  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    return this.getNow(id, owner);
  }

  /** What `get` answers, at once: this store never waits. The engine reads through it (no promise per status poll). */
  getNow(id: string, owner: string): JobRecord | undefined {
    const entry = this.live(id);
    return entry && entry.record.owner === owner ? entry.record : undefined;
  }

  complete(id: string, result: TranslateResponse): Promise<boolean> {
    return this.change(() => this.completeNow(id, result));
  }

  private completeNow(id: string, result: TranslateResponse): boolean {
    const entry = this.live(id);
    if (!entry || entry.record.status !== 'running') return false;
    const bytes = jsonTextLength(result);
    const problem = this.roomForResult(entry.record.owner, bytes);
    if (problem) return this.finish(entry, failedRecord(entry.record, problem));
    entry.bytes = bytes;
    this.totalBytes += bytes;
    this.holdingOf(entry.record.owner).bytes += bytes;
    const { record } = entry;
    return this.finish(entry, { id: record.id, owner: record.owner, status: 'done', result, createdAt: record.createdAt });
  }

  fail(id: string, detail: string): Promise<boolean> {
    return this.change(() => {
      const entry = this.live(id);
      return entry !== undefined && this.finish(entry, failedRecord(entry.record, detail));
    });
  }

  /** Applies a change now (an async function runs up to its first await at once) when no change holds the lock. */
  private async change<T>(apply: () => T): Promise<T> {
    return this.changes.isLocked() ? this.changes.runExclusive(apply) : apply();
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  /** Gives a running job, whose live entry the caller has just looked up, its finished record. */
  private finish(entry: Entry, record: JobRecord): boolean {
    if (entry.record.status !== 'running') return false;
    entry.record = record;
    entry.expiresAt = this.now() + entry.ttlMs;
    this.noExpiryBefore = Math.min(this.noExpiryBefore, entry.expiresAt);
    const holding = this.holdingOf(record.owner);
    entry.older = holding.newestFinished;
    if (holding.newestFinished) holding.newestFinished.newer = entry;
    else holding.oldestFinished = entry;
    holding.newestFinished = entry;
    return true;
  }

  private live(id: string): Entry | undefined {
    const entry = this.jobs.get(id);
    if (entry && entry.expiresAt <= this.now()) {
      this.remove(id, entry);
      return undefined;
    }
    return entry;
  }

  private holdingOf(owner: string): Holding {
    let holding = this.holdings.get(owner);
    if (!holding) this.holdings.set(owner, (holding = { jobs: 0, bytes: 0, oldestFinished: undefined, newestFinished: undefined }));
    return holding;
  }

  private remove(id: string, entry: Entry): void {
    this.jobs.delete(id);
    this.totalBytes -= entry.bytes;
    const holding = this.holdingOf(entry.record.owner);
    holding.jobs--;
    holding.bytes -= entry.bytes;
    if (entry.record.status !== 'running') unlinkFinished(holding, entry);
    if (holding.jobs === 0) this.holdings.delete(entry.record.owner);
  }

  /** Evicts the caller's own oldest finished job (expired jobs first); never another caller's. */
  private evictOwn(holding: Holding): boolean {
    const oldest = holding.oldestFinished;
    if (!oldest) return false;
    this.remove(oldest.record.id, oldest);
    return true;
  }

  private makeRoom(holding: Holding): void {
    this.sweepNow();
    while ((holding.jobs >= this.callerJobs || this.jobs.size >= this.maxJobs) && this.evictOwn(holding));
    if (this.jobs.size >= this.maxJobs) {
      throw new JobStoreFullError(`Too many jobs are running (${this.maxJobs}); retry later`);
    }
    if (holding.jobs >= this.callerJobs) {
      throw new JobStoreFullError(`Too many of your jobs are running (${holding.jobs}, your share of the job store); retry later`);
    }
  }

  /** Makes room for a result of `bytes` from the owner's own finished jobs; a reason when there is none. */
  private roomForResult(owner: string, bytes: number): string | undefined {
    const holding = this.holdingOf(owner);
    const fits = () => holding.bytes + bytes <= this.callerBytes && this.totalBytes + bytes <= this.maxBytes;
    if (!fits()) this.sweepNow();
    while (!fits() && this.evictOwn(holding));
    if (fits()) return undefined;
    return bytes > this.callerBytes
      ? `the result (${bytes} bytes) is larger than a caller's share of the job store (${this.callerBytes} bytes); submit fewer segments per job`
      : `the job store is full (${this.maxBytes} bytes of results); fetch finished results, then submit the job again`;
  }

  /**
   * Removes expired jobs. A full store calls it on every submission, so it walks the jobs only when one can have
   * expired (`noExpiryBefore`, kept up to date as jobs are created and finished), not 10,000 jobs per request.
   */
  private sweepNow(): void {
    const now = this.now();
    if (now < this.noExpiryBefore) return;
    let earliest = Infinity;
    this.jobs.forEach((entry, id) => {
      if (entry.expiresAt <= now) this.remove(id, entry);
      else earliest = Math.min(earliest, entry.expiresAt);
    });
    this.noExpiryBefore = earliest;
  }
}

/** A running job's record as failed, with the reason shown to users. */
function failedRecord(running: JobRecord, detail: string): JobRecord {
  return { id: running.id, owner: running.owner, status: 'failed', detail, createdAt: running.createdAt };
}

/** Takes a finished entry out of its owner's list. */
function unlinkFinished(holding: Holding, entry: Entry): void {
  if (entry.older) entry.older.newer = entry.newer;
  else holding.oldestFinished = entry.newer;
  if (entry.newer) entry.newer.older = entry.older;
  else holding.newestFinished = entry.older;
  entry.older = entry.newer = undefined;
}
