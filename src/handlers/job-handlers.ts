import type { TranslateAsyncStatusResponse } from '../api-types.js';
import { HttpError } from '../http/http-error.js';
import { jsonResponse, serializedJsonResponse } from '../http/responses.js';
import type { EngineResponse } from '../http/engine-request.js';
import type { JobRecord } from '../jobs/job-store.js';
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js';
import { MAX_JOB_ID_LENGTH } from '../router.js';
import type { EngineServices, OperationCall, OperationHandler } from './operation-call.js';

/** How much of an unknown id the 404 repeats. */
const SHOWN_ID_LENGTH = 100;

/** The backend's answer for the call's job id; no job has an id that long, so then the backend is not asked. */
function lookUp(services: EngineServices, call: OperationCall): MaybePromise<JobRecord | undefined> {
  const id = call.jobId!;
  return id.length > MAX_JOB_ID_LENGTH ? undefined : services.jobs.get(id, call.owner);
}

/** Unknown, expired and someone else's jobs all answer this, so an id gives nothing away. */
function found(call: OperationCall, job: JobRecord | undefined): JobRecord {
  if (job) return job;
  const id = call.jobId!;
  const shown = id.length > SHOWN_ID_LENGTH ? `${id.slice(0, SHOWN_ID_LENGTH)}...` : id;
  throw new HttpError(404, `Job ${shown} was not found (unknown, expired, or submitted by another caller)`);
}

/** Answers with the job the backend found, at once when it found it at once (the memory store does). */
function withJob(services: EngineServices, call: OperationCall, answer: (job: JobRecord) => EngineResponse): MaybePromise<EngineResponse> {
  const job = lookUp(services, call);
  return isPromiseLike(job) ? Promise.resolve(job).then((settled) => answer(found(call, settled))) : answer(found(call, job));
}

/** The answers without a detail, serialised once: a status poll is the most frequent request. */
const PLAIN_STATUS: Readonly<Record<TranslateAsyncStatusResponse['status'], string>> = {
  running: JSON.stringify({ status: 'running' } satisfies TranslateAsyncStatusResponse),
  done: JSON.stringify({ status: 'done' } satisfies TranslateAsyncStatusResponse),
  failed: JSON.stringify({ status: 'failed' } satisfies TranslateAsyncStatusResponse),
};

function statusAnswer(job: JobRecord): EngineResponse {
  if (job.status === 'failed' && job.detail !== undefined) {
    const response: TranslateAsyncStatusResponse = { status: job.status, detail: job.detail };
    return jsonResponse(200, response);
  }
  return serializedJsonResponse(200, PLAIN_STATUS[job.status]);
}

function resultAnswer(job: JobRecord): EngineResponse {
  if (job.status === 'running') throw new HttpError(409, `Job ${job.id} is still running; poll its status until it is done`);
  if (job.status === 'failed' || !job.result) {
    throw new HttpError(409, `Job ${job.id} failed and has no result: ${job.detail ?? 'no detail'}`);
  }
  return jsonResponse(200, job.result);
}

export const jobStatusHandler =
  (services: EngineServices): OperationHandler =>
  (call) =>
    withJob(services, call, statusAnswer);

export const jobResultHandler =
  (services: EngineServices): OperationHandler =>
  (call) =>
    withJob(services, call, resultAnswer);
