// How MemoryJobStore sizes a result without serialising it: the characters of its JSON.
import { describe, expect, it } from 'vitest';
import { jsonTextLength } from '../../src/jobs/json-text-length.js';

const jsonLength = (value: unknown) => JSON.stringify(value).length;

describe('jsonTextLength', () => {
  it('equals the length of JSON.stringify for results without escapes', () => {
    const result = {
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: Array.from({ length: 50 }, (_, index) => ({
        idx: String(index),
        text: `Segment ${index}`,
        translatedText: `Satz ${index}`,
      })),
      metadata: { nested: { list: [1, 2.5, -3e21, true, false, null, 'x'], empty: {}, none: [] } },
    };
    expect(jsonTextLength(result)).toBe(jsonLength(result));
    for (const value of [{}, [], [{}], { a: [] }, 'text', 0, true, null, [null, 'a', 3]])
      expect(jsonTextLength(value)).toBe(jsonLength(value));
  });

  it('leaves out what JSON.stringify leaves out, and writes undefined in an array as null', () => {
    const value = { kept: 'a', gone: undefined, fn: () => 1, list: [undefined, 'b'] };
    expect(jsonTextLength(value)).toBe(jsonLength(value));
  });

  it('counts characters, not escapes or UTF-8 bytes', () => {
    expect(jsonTextLength('Grüße')).toBe('Grüße'.length + 2);
    expect(jsonTextLength('a"b\n')).toBe(6);
  });
});
