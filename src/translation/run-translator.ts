import type { TranslateRequest, TranslateResponse, TranslatedSegment } from '../api-types.js';
import type { TranslateContext, TranslateFunction, TranslatedItem } from './translator.js';
import { describeTranslatorError, TranslatorFailure } from './translator-failure.js';
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js';

export interface RunOptions {
  timeoutMs: number;
  /** Abort the run from outside (shutdown); the first to fire gives the failure. */
  signals?: readonly (AbortSignal | undefined)[];
}

/**
 * The synchronous caller, whose "went away" signal may cost an AbortController to make: read only when the
 * translator waits (or reads its own signal), since a translator that answers at once is done anyway.
 */
export interface SignalSource {
  readonly signal?: AbortSignal;
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
  private controller?: AbortController = undefined;
  /** The first failure that stopped the run. */
  reason?: TranslatorFailure = undefined;
  /** Called when the signal is first made. */
  onFirstRead?: () => void = undefined;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      this.onFirstRead?.();
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

/**
 * The translator's context. `signal` is an own, enumerable accessor (a translator may spread the context) whose
 * getter is one shared function: a getter made per request would give each context its own hidden class.
 */
class RunContext implements TranslateContext {
  declare readonly signal: AbortSignal;
  readonly jobId: string | undefined;

  constructor(
    readonly principal: TranslateContext['principal'],
    readonly mode: TranslateContext['mode'],
    jobId: string | undefined,
    readonly abort: LazyAbort,
  ) {
    this.jobId = jobId;
    Object.defineProperty(this, 'signal', SIGNAL_PROPERTY);
  }
}

const SIGNAL_PROPERTY: PropertyDescriptor = {
  get(this: RunContext) {
    return this.abort.signal;
  },
  enumerable: true,
};

/**
 * Calls the translator with a deadline. A translator that ignores its AbortSignal cannot hold a slot:
 * the run settles at the deadline whatever the translator does. A translator that answers synchronously
 * is done before any deadline could fire, so the timer and the signal listeners are set only for a promise,
 * and the answer comes at once (no promise) too.
 */
export function runTranslator(
  translate: TranslateFunction,
  request: TranslateRequest,
  context: Omit<TranslateContext, 'signal'>,
  options: RunOptions,
  // A separate argument, not a field of `options`: V8 may allocate a hot literal's objects in the old generation,
  // and an old object pointing at the caller would keep each request's objects alive until a full GC.
  caller?: SignalSource,
): MaybePromise<readonly TranslatedItem[]> {
  const abort = new LazyAbort();
  const eagerSignals = options.signals ?? NO_SIGNALS;
  for (const signal of eagerSignals) if (signal?.aborted) throw abortedBy(signal.reason);
  if (caller) abort.onFirstRead = () => linkCaller(abort, caller);
  let output: unknown;
  try {
    output = translate(request, new RunContext(context.principal, context.mode, context.jobId, abort));
  } catch (error) {
    throw abort.reason ?? describeTranslatorError(error);
  }
  if (!isPromiseLike(output)) {
    if (abort.reason) throw abort.reason;
    checkOutput(output, request.segments.length);
    return output;
  }
  const callerSignal = caller?.signal;
  if (callerSignal?.aborted) abort.abort(abortedBy(callerSignal.reason));
  return settle(output, abort, request, options.timeoutMs, callerSignal ? [...eagerSignals, callerSignal] : eagerSignals);
}

const NO_SIGNALS: readonly (AbortSignal | undefined)[] = [];

/** A translator that reads its signal while running synchronously learns at once whether the caller already left. */
function linkCaller(abort: LazyAbort, caller: SignalSource): void {
  const signal = caller.signal;
  if (signal?.aborted) abort.abort(abortedBy(signal.reason));
}

/** Waits for a translator's promise within the deadline, stopped early by any outer signal. */
async function settle(
  output: PromiseLike<unknown>,
  abort: LazyAbort,
  request: TranslateRequest,
  timeoutMs: number,
  outerSignals: readonly (AbortSignal | undefined)[],
): Promise<readonly TranslatedItem[]> {
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
  const timer = setTimeout(() => stop(new TranslatorFailure('timeout', `translation timed out after ${timeoutMs} ms`)), timeoutMs);
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
