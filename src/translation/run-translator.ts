import type { TranslateRequest, TranslateResponse, TranslatedSegment } from '../api-types.js';
import type { TranslateContext, TranslateFunction, TranslatedItem } from './translator.js';
import { describeTranslatorError, TranslatorFailure } from './translator-failure.js';

export interface RunOptions {
  timeoutMs: number;
  /** Abort the run from outside (caller gone, shutdown); the first to fire gives the failure. */
  signals?: readonly (AbortSignal | undefined)[];
}

function checkOutput(output: unknown, segmentCount: number): asserts output is readonly TranslatedItem[] {
  if (!Array.isArray(output)) {
    throw new TranslatorFailure(
      'bad-output',
      `translator returned ${output === null ? 'null' : typeof output}, expected an array of ${segmentCount} translations`,
    );
  }
  if (output.length !== segmentCount) {
    throw new TranslatorFailure('bad-output', `translator returned ${output.length} items for ${segmentCount} segments`);
  }
  for (let index = 0; index < output.length; index++) {
    const item: unknown = output[index];
    if (typeof item === 'string') continue;
    if (item && typeof item === 'object' && typeof (item as { translatedText?: unknown }).translatedText === 'string') {
      // The metadata is sent on as the segment's: the spec's Metadata is an object; null means none.
      const metadata = (item as { metadata?: unknown }).metadata;
      if (metadata == null) continue;
      if (typeof metadata !== 'object' || Array.isArray(metadata)) {
        throw new TranslatorFailure('bad-output', `translator returned metadata that is not an object at index ${index}`);
      }
      assertSerialisable(metadata, index);
      continue;
    }
    throw new TranslatorFailure(
      'bad-output',
      `translator returned ${item === null ? 'null' : typeof item} at index ${index}, expected a string or { translatedText: string }`,
    );
  }
}

/**
 * Metadata goes out as JSON (the answer, a store): a BigInt, a cycle or a throwing `toJSON` would fail there,
 * as a 500 on the result fetch or a job stuck `running`. Only the translator's own metadata needs the check:
 * what the request carried came from JSON.
 */
function assertSerialisable(metadata: object, index: number): void {
  try {
    JSON.stringify(metadata);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new TranslatorFailure(
      'bad-output',
      `translator returned metadata that cannot be serialised as JSON at index ${index}: ${reason}`,
    );
  }
}

/**
 * The translator's signal, made only when the translator reads it: a translator that answers at once (a
 * cache, a no-op) never needs one, and an AbortController per request was a measurable cost.
 */
class LazyAbort {
  private controller?: AbortController;
  /** The first failure that stopped the run. */
  reason?: TranslatorFailure;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: TranslatorFailure): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';

/**
 * Calls the translator with a deadline. A translator that ignores its AbortSignal cannot hold a slot:
 * the run settles at the deadline whatever the translator does. A translator that answers synchronously
 * is done before any deadline could fire, so the timer and the signal listeners are set only for a promise.
 */
export async function runTranslator(
  translate: TranslateFunction,
  request: TranslateRequest,
  context: Omit<TranslateContext, 'signal'>,
  options: RunOptions,
): Promise<readonly TranslatedItem[]> {
  const abort = new LazyAbort();
  const outerSignals = options.signals ?? [];
  for (const signal of outerSignals) if (signal?.aborted) abort.abort(abortedBy(signal.reason));
  let output: unknown;
  try {
    output = translate(request, {
      ...context,
      get signal() {
        return abort.signal;
      },
    });
  } catch (error) {
    throw abort.reason ?? describeTranslatorError(error);
  }
  if (!isThenable(output)) {
    if (abort.reason) throw abort.reason;
    checkOutput(output, request.segments.length);
    return output;
  }

  const work = Promise.resolve(output);
  work.catch(() => {}); // settled by the race below; a late rejection must not be unhandled
  let stop: (failure: TranslatorFailure) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    stop = (failure) => {
      abort.abort(failure);
      reject(failure);
    };
  });
  if (abort.reason) stop(abort.reason);
  const timer = setTimeout(
    () => stop(new TranslatorFailure('timeout', `translation timed out after ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  // Listening to each outer signal here costs less per request than joining them in another AbortController.
  const onOuterAbort = (event: Event) => stop(abortedBy((event.target as AbortSignal).reason));
  for (const signal of outerSignals) signal?.addEventListener('abort', onOuterAbort, { once: true });

  try {
    const result = await Promise.race([work, stopped]);
    checkOutput(result, request.segments.length);
    return result;
  } catch (error) {
    throw abort.reason ?? describeTranslatorError(error);
  } finally {
    clearTimeout(timer);
    for (const signal of outerSignals) signal?.removeEventListener('abort', onOuterAbort);
  }
}

function abortedBy(reason: unknown): TranslatorFailure {
  return reason instanceof TranslatorFailure ? reason : new TranslatorFailure('aborted', 'translation was cancelled');
}

/** The answer to a translate request: each segment's idx, text and metadata echoed, in request order. */
export function buildTranslateResponse(request: TranslateRequest, items: readonly TranslatedItem[]): TranslateResponse {
  const segments = request.segments.map((segment, index): TranslatedSegment => {
    const item = items[index];
    const translatedText = typeof item === 'string' ? item : item.translatedText;
    const metadata = typeof item === 'string' ? segment.metadata : (item.metadata ?? segment.metadata);
    const translated: TranslatedSegment =
      segment.idx === undefined ? { text: segment.text, translatedText } : { idx: segment.idx, text: segment.text, translatedText };
    if (metadata !== undefined) translated.metadata = metadata;
    return translated;
  });
  const response: TranslateResponse = {
    sourceLanguage: request.sourceLanguage,
    targetLanguage: request.targetLanguage,
    segments,
  };
  if (request.metadata !== undefined) response.metadata = request.metadata;
  return response;
}
