import { describe, expect, it } from 'vitest';
import { type TranslateContext, type TranslateFunction, type TranslateRequest } from 'byo-engine';
import { batched, BatchError } from 'byo-engine/translators';
import { deferred, requestOf, testContext } from './fake-engine.js';

const texts = (count: number) => Array.from({ length: count }, (_, index) => `text ${index}`);
const upper: TranslateFunction = (request) => request.segments.map((segment) => segment.text.toUpperCase());

describe('batched', () => {
  it('splits by segment count and characters, keeps everything else, and reassembles in order', async () => {
    const seen: TranslateRequest[] = [];
    const translate = batched(
      (request, context) => {
        seen.push(request);
        return upper(request, context);
      },
      { maxSegments: 3, maxChars: 20, concurrency: 2 },
    );
    // 6 chars each: three fit in 20 chars; the 25-char segment goes alone.
    const input = ['aaaaaa', 'bbbbbb', 'cccccc', 'dddddd', 'x'.repeat(25), 'eeeeee'];
    const request = requestOf(input, { glossary: [{ term: 'a', translation: 'b' }], metadata: { domain: 'legal' } });
    const output = await translate(request, testContext());
    expect(output).toEqual(input.map((text) => text.toUpperCase()));
    expect(seen.map((batch) => batch.segments.map((segment) => segment.text))).toEqual([
      ['aaaaaa', 'bbbbbb', 'cccccc'],
      ['dddddd'],
      ['x'.repeat(25)],
      ['eeeeee'],
    ]);
    for (const batch of seen) {
      expect(batch).toMatchObject({ sourceLanguage: 'en', targetLanguage: 'de', glossary: request.glossary, metadata: request.metadata });
    }
    expect(seen[0].segments[0].idx).toBe('0');
    expect(seen[1].segments[0].idx).toBe('3');
  });

  it('runs no more batches at once than the concurrency, and puts late answers in their place', async () => {
    const gates = Array.from({ length: 5 }, () => deferred());
    const started: number[] = [];
    let running = 0;
    let mostRunning = 0;
    const translate = batched(
      async (request) => {
        const number = Number(request.segments[0].idx) / 2;
        started.push(number);
        running++;
        mostRunning = Math.max(mostRunning, running);
        await gates[number].promise;
        running--;
        return request.segments.map((segment) => `#${segment.text}`);
      },
      { maxSegments: 2, concurrency: 2 },
    );
    const result = translate(requestOf(texts(10)), testContext());
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1].resolve(); // the second batch finishes first
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await result).toEqual(texts(10).map((text) => `#${text}`));
    expect(mostRunning).toBe(2);
  });

  it('fails the request naming the batch, aborts the running batches and starts no more', async () => {
    const signals = new Map<number, AbortSignal>();
    const gates = Array.from({ length: 4 }, () => deferred());
    const translate = batched(
      async (request, context: TranslateContext) => {
        const number = Number(request.segments[0].idx) / 2;
        signals.set(number, context.signal);
        if (number === 1) throw new Error('engine said no');
        await gates[number].promise;
        return request.segments.map((segment) => segment.text);
      },
      { maxSegments: 2, concurrency: 2 },
    );
    const error = await Promise.resolve(translate(requestOf(texts(8)), testContext())).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(BatchError);
    expect((error as BatchError).message).toBe('batch 2 of 4 (segments 3-4) failed: engine said no');
    expect((error as BatchError).cause).toEqual(new Error('engine said no'));
    expect(signals.get(0)?.aborted).toBe(true);
    gates[0].resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect([...signals.keys()]).toEqual([0, 1]);
  });

  it('aborts the batches when the request is aborted', async () => {
    const controller = new AbortController();
    const batchSignals: AbortSignal[] = [];
    const translate = batched(
      (request, context) =>
        new Promise<string[]>((_, reject) => {
          batchSignals.push(context.signal);
          context.signal.addEventListener('abort', () => reject(context.signal.reason));
        }),
      { maxSegments: 1, concurrency: 3 },
    );
    const result = translate(requestOf(texts(5)), testContext(controller.signal));
    await Promise.resolve();
    controller.abort(new Error('caller went away'));
    await expect(result).rejects.toThrow('caller went away');
    expect(batchSignals).toHaveLength(3);
    expect(batchSignals.every((signal) => signal.aborted)).toBe(true);
  });

  it('calls the translator with the request itself when it fits one batch, errors unchanged', async () => {
    const request = requestOf(texts(3));
    const engineError = new Error('plain');
    let given: TranslateRequest | undefined;
    const translate = batched(
      (input) => {
        given = input;
        throw engineError;
      },
      { maxSegments: 3 },
    );
    await expect(translate(request, testContext())).rejects.toBe(engineError);
    expect(given).toBe(request);
  });

  it('rejects a batch answer with the wrong number of items, naming the batch', async () => {
    const translate = batched((request) => request.segments.slice(1).map((segment) => segment.text), { maxSegments: 2 });
    await expect(translate(requestOf(texts(4)), testContext())).rejects.toThrow(
      'batch 1 of 2 (segments 1-2) failed: translator returned 1 items for 2 segments',
    );
  });

  it('refuses limits below one at start-up', () => {
    expect(() => batched(upper, { maxSegments: 0 })).toThrow('maxSegments must be a whole number of at least 1, got 0');
    expect(() => batched(upper, { concurrency: 1.5 })).toThrow('concurrency');
  });
});
