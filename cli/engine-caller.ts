import { setTimeout as sleep } from 'node:timers/promises';
import type { OperationId } from '../src/index.js';
import type { ApiContract } from './contract.js';
import type { Credentials } from './credentials.js';
import { headerValue, type Answer, type EngineClient } from './engine-client.js';

/** Which credentials a call carries. */
export type CallAuth = 'valid' | 'none' | 'invalid';

export interface CallOptions {
  jobId?: string;
  body?: unknown;
  auth?: CallAuth;
}

/** A 429 answer seen during the run, and the Retry-After it carried. */
export interface Throttle {
  endpoint: string;
  retryAfter: string | undefined;
}

const MAX_RETRIES = 2;
const MAX_RETRY_DELAY_MS = 10_000;

/** Retry-After as the document types it: a whole number of seconds. */
export const isIntegerRetryAfter = (value: string | undefined): value is string => value !== undefined && /^\d+$/.test(value.trim());

/** Calls operations as Phrase does: with credentials, honouring Retry-After on 429 a few times. */
export class EngineCaller {
  readonly throttles: Throttle[] = [];

  constructor(
    readonly client: EngineClient,
    readonly contract: ApiContract,
    private readonly credentials: Credentials,
    /** Wait before retrying a 429 that has no usable Retry-After. */
    private readonly fallbackRetryDelayMs = 1_000,
  ) {}

  async call(id: OperationId, options: CallOptions = {}): Promise<Answer> {
    const operation = this.contract.operation(id);
    const auth = options.auth ?? 'valid';
    const headers = auth === 'valid' ? await this.credentials.headers() : auth === 'invalid' ? this.credentials.invalidHeaders() : {};
    const body = operation.method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.client.send({
        method: operation.method,
        path: this.contract.path(id, options.jobId),
        headers: { accept: 'application/json', ...headers },
        body,
      });
      if (answer.status !== 429) return answer;
      const retryAfter = headerValue(answer.headers, 'retry-after');
      this.throttles.push({ endpoint: this.contract.label(id), retryAfter });
      if (attempt === MAX_RETRIES) return answer;
      await sleep(isIntegerRetryAfter(retryAfter) ? Math.min(Number(retryAfter) * 1000, MAX_RETRY_DELAY_MS) : this.fallbackRetryDelayMs);
    }
  }
}
