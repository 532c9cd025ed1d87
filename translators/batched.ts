import type { Segment } from '../src/index.js';
import type { TranslateContext, TranslateFunction, TranslatedItem } from '../src/index.js';
import { checkItemCount } from './item-count.js';

/** Options of `batched`: how a request is cut into calls of the wrapped translator. */
export interface BatchOptions {
  /** Most segments in one call of the wrapped translator. Default 50. */
  maxSegments?: number;
  /** Most characters of segment text in one call (a longer single segment goes alone). Default 20,000. */
  maxChars?: number;
  /** Calls running at the same time. Default 4. */
  concurrency?: number;
}

/** One batch failed; the whole request fails with it. `cause` is the batch's error. */
export class BatchError extends Error {
  constructor(
    readonly batchNumber: number,
    readonly batchCount: number,
    readonly firstSegment: number,
    readonly lastSegment: number,
    cause: unknown,
  ) {
    const reason = cause instanceof Error && cause.message ? cause.message : String(cause);
    super(`batch ${batchNumber} of ${batchCount} (segments ${firstSegment}-${lastSegment}) failed: ${reason}`, { cause });
    this.name = 'BatchError';
  }
}

interface Batch {
  start: number;
  end: number;
}

/**
 * Splits a request into batches the engine accepts, translates them with bounded concurrency and
 * puts the answers back in segment order. Every batch keeps the request's languages, glossary and
 * metadata. When one batch fails, the others are aborted (through the signal they were given) and
 * the request fails with a `BatchError` naming the batch.
 */
export function batched(translate: TranslateFunction, options: BatchOptions = {}): TranslateFunction {
  const maxSegments = positiveInteger('maxSegments', options.maxSegments ?? 50);
  const maxChars = positiveInteger('maxChars', options.maxChars ?? 20_000);
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 4);

  return async (request, context) => {
    const batches = splitIntoBatches(request.segments, maxSegments, maxChars);
    if (batches.length === 1) return translate(request, context);

    const controller = new AbortController();
    const forwardAbort = () => controller.abort(context.signal.reason);
    if (context.signal.aborted) forwardAbort();
    else context.signal.addEventListener('abort', forwardAbort, { once: true });
    const batchContext: TranslateContext = { ...context, signal: controller.signal };
    const items = new Array<TranslatedItem>(request.segments.length);
    let next = 0;

    const runBatch = async (number: number, { start, end }: Batch) => {
      try {
        const output = await translate({ ...request, segments: request.segments.slice(start, end) }, batchContext);
        checkItemCount(output, end - start);
        output.forEach((item, offset) => (items[start + offset] = item));
      } catch (error) {
        const failure = new BatchError(number, batches.length, start + 1, end, error);
        controller.abort(failure);
        throw failure;
      }
    };
    const worker = async () => {
      while (!controller.signal.aborted && next < batches.length) {
        const number = ++next;
        await runBatch(number, batches[number - 1]);
      }
    };

    try {
      // Promise.all settles on the first failure; the other workers see the abort and stop.
      await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
      if (controller.signal.aborted) throw controller.signal.reason;
      return items;
    } finally {
      context.signal.removeEventListener('abort', forwardAbort);
    }
  };
}

/** Consecutive batches, each within both limits; a segment longer than `maxChars` makes a batch alone. */
export function splitIntoBatches(segments: readonly Segment[], maxSegments: number, maxChars: number): Batch[] {
  const batches: Batch[] = [];
  let start = 0;
  let chars = 0;
  segments.forEach((segment, index) => {
    const length = segment.text.length;
    if (index > start && (index - start >= maxSegments || chars + length > maxChars)) {
      batches.push({ start, end: index });
      start = index;
      chars = 0;
    }
    chars += length;
  });
  if (segments.length > 0) batches.push({ start, end: segments.length });
  return batches;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`batched: ${name} must be a whole number of at least 1, got ${value}`);
  return value;
}
