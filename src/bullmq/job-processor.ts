import { setMaxListeners } from 'node:events';
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import type { TranslateResponse } from '../api-types.js';
import { errorDetails, type Logger } from '../logger.js';
import { buildTranslateResponse, runTranslator } from '../translation/run-translator.js';
import { TranslatorFailure, describeTranslatorError } from '../translation/translator-failure.js';
import type { TranslateFunction } from '../translation/translator.js';
import type { TranslationJobData } from './job-data.js';

const EXPIRED_DETAIL = 'the job waited longer than its time to live; submit it again';

/** Whether another attempt cannot succeed: a wrong answer shape, or an engine's 4xx other than 408 and 429. */
export function isFinalFailure(failure: TranslatorFailure): boolean {
  if (failure.kind === 'bad-output') return true;
  const cause = failure.cause as { status?: unknown; statusCode?: unknown } | undefined;
  const status = typeof cause?.status === 'number' ? cause.status : cause?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Runs the translator for BullMQ jobs. Its outcome becomes the job's: the answer is the return value; a
 * failure throws (BullMQ retries it while attempts remain), as `UnrecoverableError` when retrying cannot help.
 * When `handBack` is called (shutdown past its grace), running jobs are aborted and put back in the queue
 * for another worker, so a job in flight at shutdown is finished elsewhere, not lost.
 */
export class JobProcessor {
  private readonly shutdown = new AbortController();
  private active = 0;

  constructor(
    private readonly translate: TranslateFunction,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {
    setMaxListeners(0, this.shutdown.signal); // every running job listens to it
  }

  /** Jobs this process is translating now. */
  get running(): number {
    return this.active;
  }

  /** Aborts running jobs; each goes back to the queue. */
  handBack(): void {
    this.shutdown.abort(new TranslatorFailure('aborted', 'the worker shut down; the job goes back to the queue'));
  }

  readonly process = async (job: Job<TranslationJobData, TranslateResponse>, token?: string, signal?: AbortSignal) => {
    const { request, principal, ttlSeconds } = job.data;
    if (Date.now() > job.timestamp + ttlSeconds * 1000) throw new UnrecoverableError(EXPIRED_DETAIL);
    this.active++;
    try {
      const items = await runTranslator(
        this.translate,
        request,
        { principal, mode: 'async', jobId: job.id },
        { timeoutMs: this.timeoutMs, signals: [this.shutdown.signal, signal] },
      );
      return buildTranslateResponse(request, items);
    } catch (error) {
      if (this.shutdown.signal.aborted && token) {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const failure = describeTranslatorError(error);
      if (failure.kind === 'error') this.logger.warn({ jobId: job.id, ...errorDetails(failure.cause) }, 'translator failed');
      throw isFinalFailure(failure) ? new UnrecoverableError(failure.message) : new Error(failure.message);
    } finally {
      this.active--;
    }
  };
}
