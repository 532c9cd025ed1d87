import type { TranslateRequest } from '../api-types.js';
import { HttpError } from './http-error.js';

/**
 * 400 when a parsed body nests objects and arrays deeper than `maxDepth` (the body itself is level 1).
 * Deep bodies parse fine but overflow the stack of `JSON.stringify` when echoed back.
 */
export function assertJsonDepth(body: unknown, maxDepth: number): void {
  if (body === null || typeof body !== 'object') return;
  // The recursive check is the cheaper one (no stacks to keep); it recurses at most `maxDepth` calls deep, so
  // it serves bounds that leave the stack room. A body it refuses, or a larger bound, takes the iterative walk,
  // which also names the field.
  if (maxDepth <= MAX_RECURSIVE_DEPTH && nestsWithin(body, 1, maxDepth)) return;
  push(body, 0, 'body');
  try {
    walk(maxDepth);
  } finally {
    // Emptied whatever happened: they must not hold a body once the request is done.
    while (top > 0) {
      values[--top] = undefined;
      fields[top] = '';
    }
  }
}

const MAX_RECURSIVE_DEPTH = 256;

/** Whether the objects and arrays under `value` (an object at `level`) stay within `maxDepth` levels. */
function nestsWithin(value: object, level: number, maxDepth: number): boolean {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const child: unknown = value[index];
      if (typeof child === 'object' && child !== null && (level === maxDepth || !nestsWithin(child, level + 1, maxDepth))) return false;
    }
    return true;
  }
  for (const key in value) {
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && (level === maxDepth || !nestsWithin(child, level + 1, maxDepth))) return false;
  }
  return true;
}

// It runs on every body: parallel stacks of objects only, no entry arrays or records per value, and the same
// three stacks for every body (the walk never waits, so bodies cannot interleave). Stacks made per call were
// array literals whose allocation site V8 may pretenure; an old stack pointing at a body keeps that body's
// objects alive until a full GC. They keep their length (emptying them would free their backing stores, to be
// grown again by the next body); `top` counts the entries in use, and a popped entry is cleared at once.
const values: (object | undefined)[] = [];
const depths: number[] = [];
const fields: string[] = [];
let top = 0;

function walk(maxDepth: number): void {
  while (top > 0) {
    top--;
    const value = values[top]!;
    values[top] = undefined;
    const depth = depths[top];
    const field = fields[top];
    fields[top] = ''; // a key can be long: kept no longer than the value
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
  values[top] = child;
  depths[top] = depth + 1;
  fields[top] = field;
  top++;
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
