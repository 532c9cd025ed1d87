import type { JobStatus, TranslateRequest, TranslateResponse } from '../api-types.js';
import type { Principal } from '../auth/principal.js';
import type { JobRecord } from '../jobs/job-store.js';

/** What a BullMQ job holds: the validated request and who submitted it. */
export interface TranslationJobData {
  readonly request: TranslateRequest;
  readonly principal: Principal;
  /** The key that owns the job (scheme, issuer and name, or the `auth.callers` entry); only it may read the job. */
  readonly owner: string;
  /** The submitter's `jobs.ttlSeconds`: the job is kept this long after it was created, and again after it finished. */
  readonly ttlSeconds: number;
}

/** The BullMQ job name of every translation job. */
export const JOB_NAME = 'translate';

/** Job ids are UUIDs; anything else is answered 404 without asking Redis. */
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** BullMQ's reason for a job that stalled more often than `maxStalledCount` allows. */
const STALLED_REASON = 'job stalled more than allowable limit';

/** The detail of a job whose workers were lost (killed, or cut off from Redis) more often than allowed. */
export function workerLostDetail(times: number): string {
  return `The worker running this job was lost ${times} times (its process stopped or lost its connection to Redis); submit the job again`;
}

/** The fields of a BullMQ job that a status read needs. */
export interface JobSnapshot {
  readonly data: TranslationJobData;
  readonly timestamp: number;
  readonly finishedOn?: number;
  readonly returnvalue: TranslateResponse | null;
  readonly failedReason?: string;
  readonly stalledCounter?: number;
}

/**
 * A BullMQ job as the engine reports it: waiting, delayed and active are `running`, completed is `done`,
 * failed (after its last attempt) is `failed`. `undefined` for someone else's job or one past its TTL.
 */
export function toJobRecord(id: string, owner: string, job: JobSnapshot, state: string, now: number): JobRecord | undefined {
  if (job.data?.owner !== owner) return undefined;
  const ttlMs = job.data.ttlSeconds * 1000;
  const finished = state === 'completed' || state === 'failed';
  if (now > (finished && job.finishedOn ? job.finishedOn : job.timestamp) + ttlMs) return undefined;
  const base = { id, owner, createdAt: job.timestamp };
  if (state === 'completed') return { ...base, status: 'done' satisfies JobStatus, result: job.returnvalue ?? undefined };
  if (state === 'failed') {
    const reason = job.failedReason ?? 'no detail';
    const detail = reason === STALLED_REASON ? workerLostDetail(Math.max(1, job.stalledCounter ?? 0)) : reason;
    return { ...base, status: 'failed', detail };
  }
  return { ...base, status: 'running' };
}
