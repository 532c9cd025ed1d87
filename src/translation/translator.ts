import type { Metadata, TranslateRequest } from '../api-types.js';
import type { Principal } from '../auth/principal.js';

/** What the translator is given besides the request. */
export interface TranslateContext {
  /** Aborted on timeout, on shutdown, or when a synchronous caller goes away. Pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** Who asked. */
  readonly principal: Principal;
  /** `sync` for `/translate`, `async` for a job of `/translateAsync`. */
  readonly mode: 'sync' | 'async';
  /** The job id, for async work. */
  readonly jobId?: string;
}

/** One translation: the text, or the text with segment metadata to send back instead of the request's. */
export type TranslatedItem = string | { translatedText: string; metadata?: Metadata };

/**
 * Your backend. Return one item per segment, in segment order. Throw to fail the request: the error's
 * message is shown to the caller (Phrase shows a failed job's detail to its users), so keep secrets out of it.
 */
export type TranslateFunction = (
  request: TranslateRequest,
  context: TranslateContext,
) => Promise<readonly TranslatedItem[]> | readonly TranslatedItem[];
