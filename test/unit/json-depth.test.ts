// The JSON depth limit at its boundary, on both of its paths: the recursive check (bounds up to 256) and the
// iterative walk (larger bounds, and the field name of every refusal).
import { describe, expect, it } from 'vitest';
import { assertJsonDepth } from '../../src/http/body-limits.js';
import { HttpError } from '../../src/http/http-error.js';

/** A body `levels` deep (the body itself is level 1), the deepest level under `field`, through objects and arrays. */
function nested(levels: number, field: string): unknown {
  let inner: unknown = { text: 'deepest' };
  for (let level = levels - 1; level > 1; level--) inner = level % 2 === 0 ? [inner] : { next: inner };
  return { segments: [{ idx: '0', text: 'a' }], [field]: inner };
}

const refusal = (body: unknown, maxDepth: number) => {
  try {
    assertJsonDepth(body, maxDepth);
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? `${error.status} ${error.message}` : error;
  }
};

describe('assertJsonDepth', () => {
  for (const maxDepth of [3, 8, 64, 256, 257, 1000]) {
    it(`accepts ${maxDepth} levels and refuses ${maxDepth + 1}, naming the top-level field (maxDepth ${maxDepth})`, () => {
      expect(refusal(nested(maxDepth, 'metadata'), maxDepth)).toBeUndefined();
      expect(refusal(nested(maxDepth + 1, 'metadata'), maxDepth)).toBe(
        `400 metadata is nested too deeply: at most ${maxDepth} levels of objects and arrays are accepted`,
      );
    });
  }

  it('finds a too-deep value under an unknown key of an array item, after shallow ones', () => {
    const body = { segments: [{ text: 'a' }, { text: 'b', extra: [[[[{}]]]] }] };
    expect(refusal(body, 7)).toBe('400 segments is nested too deeply: at most 7 levels of objects and arrays are accepted');
    expect(refusal(body, 8)).toBeUndefined();
  });

  it('passes values that are not objects', () => {
    for (const body of [null, 'text', 3, true]) expect(refusal(body, 1)).toBeUndefined();
  });
});
