// The Web-standard byte helpers the core uses where Node's Buffer is missing (Workers without nodejs_compat)
// agree with Buffer, which they stand in for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, countUtf8Bytes } from '../../src/runtime/bytes.js';

describe('countUtf8Bytes', () => {
  it('counts what Buffer.byteLength counts, lone surrogates (encoded as U+FFFD) included', () => {
    for (const text of ['', 'abc', 'Grüße', '问候', '👋', '\ud800', 'a\udc00b', '\ud83d\ud83d\udc4b']) {
      expect(countUtf8Bytes(text), JSON.stringify(text)).toBe(Buffer.byteLength(text));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => countUtf8Bytes(text) === Buffer.byteLength(text)),
      { numRuns: 2_000 },
    );
  });
});

describe('constantTimeEqual', () => {
  it('tells equal digests from different ones and from ones of another length', () => {
    const digest = Uint8Array.from([1, 2, 3, 4]);
    expect(constantTimeEqual(digest, Uint8Array.from([1, 2, 3, 4]))).toBe(true);
    expect(constantTimeEqual(digest, Uint8Array.from([1, 2, 3, 5]))).toBe(false);
    expect(constantTimeEqual(digest, Uint8Array.from([1, 2, 3]))).toBe(false);
  });
});
