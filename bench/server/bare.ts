import { randomUUID } from 'node:crypto';
import type { TranslateRequest, TranslateResponse } from '../../src/index.js';
import { noopTranslate } from '../shared/workload.js';

// The hand-written routes the engine is compared with: same translator, same answer shapes, but no
// routing table, auth, validation, language check, deadline or job runner. Hosts only parse and send.

/** What a hand-written `/translate` answers for a parsed body. */
export function bareTranslate(body: unknown): TranslateResponse {
  const request = body as TranslateRequest;
  const translated = noopTranslate(request);
  return {
    sourceLanguage: request.sourceLanguage,
    targetLanguage: request.targetLanguage,
    segments: request.segments.map((segment, index) => ({ idx: segment.idx, text: segment.text, translatedText: translated[index] })),
  };
}

interface BareJob {
  status: 'running' | 'done';
  result?: TranslateResponse;
}

const MAX_JOBS = 10_000;

/** A hand-written async job table: a bounded Map, translated on the next microtask. */
export class BareJobs {
  private readonly jobs = new Map<string, BareJob>();

  submit(body: unknown): { id: string } {
    const id = randomUUID();
    if (this.jobs.size >= MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
    const job: BareJob = { status: 'running' };
    this.jobs.set(id, job);
    queueMicrotask(() => {
      job.result = bareTranslate(body);
      job.status = 'done';
    });
    return { id };
  }

  /** `undefined` for an unknown id (the host answers 404). */
  status(id: string): { status: string } | undefined {
    const job = this.jobs.get(id);
    return job && { status: job.status };
  }
}

/** The bare routes, below `/bare` on every host. */
export const BARE_PREFIX = '/bare';
