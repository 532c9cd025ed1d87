import type { TranslateRequest } from '../api-types.js';
import { HttpError } from './http-error.js';

/**
 * 400 when a parsed body nests objects and arrays deeper than `maxDepth` (the body itself is level 1).
 * Deep bodies parse fine but overflow the stack of `JSON.stringify` when echoed back. Iterative on purpose.
 */
export function assertJsonDepth(body: unknown, maxDepth: number): void {
  if (body === null || typeof body !== 'object') return;
  values.push(body);
  depths.push(1);
  fields.push('body');
  try {
    walk(maxDepth);
  } finally {
    // Emptied whatever happened: they must not hold a body once the request is done.
    values.length = depths.length = fields.length = 0;
  }
}

// It runs on every body: parallel stacks of objects only, no entry arrays or records per value, and the same
// three stacks for every body (the walk never waits, so bodies cannot interleave). Stacks made per call were
// array literals whose allocation site V8 may pretenure; an old stack pointing at a body keeps that body's
// objects alive until a full GC.
const values: object[] = [];
const depths: number[] = [];
const fields: string[] = [];

function walk(maxDepth: number): void {
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    const field = fields.pop()!;
    if (depth > maxDepth) {
      throw new HttpError(400, `${field} is nested too deeply: at most ${maxDepth} levels of objects and arrays are accepted`);
    }
    // Arrays by index, objects by for-in: neither allocates a key array per value.
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) push(value[index], depth, depth === 1 ? String(index) : field);
    } else {
      for (const key in value) push((value as Record<string, unknown>)[key], depth, depth === 1 ? key : field);
    }
  }
}

function push(child: unknown, depth: number, field: string): void {
  if (child === null || typeof child !== 'object') return;
  values.push(child);
  depths.push(depth + 1);
  fields.push(field);
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
