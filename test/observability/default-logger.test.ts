// The default logger: JSON lines on stderr with a timestamp; child bindings carried; info and debug dropped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { childLogger, stderrLogger } from '../../src/logger.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('default stderr logger', () => {
  it('writes warnings with an ISO timestamp and the child bindings, and drops info and debug', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const child = childLogger(stderrLogger, { operation: 'translateTexts' });
    child.warn({ detail: 1 }, 'translator failed');
    child.info({}, 'dropped');
    child.debug?.({}, 'dropped');
    expect(written).toHaveLength(1);
    const line = JSON.parse(written[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', msg: 'translator failed', operation: 'translateTexts', detail: 1 });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('a logger without `child` gets the bindings in each line', () => {
    const calls: Record<string, unknown>[] = [];
    const plain = { info() {}, warn: (details: Record<string, unknown>) => void calls.push(details), error() {} };
    childLogger(plain, { jobId: 'j1' }).warn({ extra: true }, 'message');
    expect(calls).toEqual([{ jobId: 'j1', extra: true }]);
  });
});
