import type { TranslateRequest } from '../api-types.js';
import { HttpError } from './http-error.js';

/**
 * 400 when a parsed body nests objects and arrays deeper than `maxDepth` (the body itself is level 1).
 * Deep bodies parse fine but overflow the stack of `JSON.stringify` when echoed back. Iterative on purpose.
 */
export function assertJsonDepth(body: unknown, maxDepth: number): void {
  const stack: { value: unknown; depth: number; field: string }[] = [{ value: body, depth: 1, field: 'body' }];
  while (stack.length > 0) {
    const { value, depth, field } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) {
      throw new HttpError(400, `${field} is nested too deeply: at most ${maxDepth} levels of objects and arrays are accepted`);
    }
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, depth: depth + 1, field: depth === 1 ? key : field });
    }
  }
}

export interface TranslateLimits {
  maxSegmentChars: number;
  maxGlossaryEntries: number;
}

/** Characters as people count them (Unicode code points); cheap when the UTF-16 length is already within the limit. */
function exceedsChars(text: string, max: number): number | undefined {
  if (text.length <= max) return undefined;
  let count = 0;
  for (const _ of text) count++;
  return count > max ? count : undefined;
}

/** 400 naming the field when a schema-valid translate request is over the configured limits. */
export function assertTranslateLimits(request: TranslateRequest, limits: TranslateLimits): void {
  const glossaryEntries = request.glossary?.length ?? 0;
  if (glossaryEntries > limits.maxGlossaryEntries) {
    throw new HttpError(400, `glossary must have at most ${limits.maxGlossaryEntries} entries (it has ${glossaryEntries})`);
  }
  for (let index = 0; index < request.segments.length; index++) {
    const chars = exceedsChars(request.segments[index].text, limits.maxSegmentChars);
    if (chars !== undefined) {
      throw new HttpError(400, `segments/${index}/text must have at most ${limits.maxSegmentChars} characters (it has ${chars})`);
    }
  }
}
