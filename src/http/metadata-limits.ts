import { HttpError } from './http-error.js';
import { utf8ByteLength } from '../runtime/bytes.js';

export interface MetadataLimits {
  maxMetadataKeys: number;
  maxMetadataBytes: number;
}

/** The metadata values of a translate body not yet validated: the request's and each segment's. */
function metadataOf(body: unknown, maxSegments: number): unknown[] {
  if (body === null || typeof body !== 'object') return [];
  const { metadata, segments } = body as { metadata?: unknown; segments?: unknown };
  const values = metadata === undefined ? [] : [metadata];
  // More segments than the contract allows is the schema's 400; no need to walk them.
  if (Array.isArray(segments) && segments.length <= maxSegments) {
    for (const segment of segments as unknown[]) {
      const value = segment !== null && typeof segment === 'object' ? (segment as { metadata?: unknown }).metadata : undefined;
      if (value !== undefined) values.push(value);
    }
  }
  return values;
}

/** Keys and array items in `values`, at every level; stops counting past `max`. Iterative on purpose. */
function countEntries(values: unknown[], max: number): number {
  const pending = values.filter((value): value is object => value !== null && typeof value === 'object');
  let count = 0;
  while (pending.length > 0 && count <= max) {
    const value = pending.pop()!;
    const keys = Object.keys(value);
    count += keys.length;
    for (let index = 0; index < keys.length && count <= max; index++) {
      const child: unknown = (value as Record<string, unknown>)[keys[index]];
      if (child !== null && typeof child === 'object') pending.push(child);
    }
  }
  return count;
}

/**
 * 400 when the metadata of a translate body (the request's and every segment's together) has more keys than
 * `maxMetadataKeys` (nested keys and array items included) or is larger than `maxMetadataBytes` as JSON.
 * Runs before the schema, so a huge metadata object is refused before anything else walks it.
 */
export function assertMetadataLimits(body: unknown, limits: MetadataLimits, maxSegments: number): void {
  const values = metadataOf(body, maxSegments);
  if (values.length === 0) return;
  if (countEntries(values, limits.maxMetadataKeys) > limits.maxMetadataKeys) {
    throw new HttpError(
      400,
      `metadata must have at most ${limits.maxMetadataKeys} keys in all (the request's and the segments', nested keys and array items included)`,
    );
  }
  let bytes = 0;
  for (const value of values) {
    bytes += utf8ByteLength(JSON.stringify(value) ?? '');
    if (bytes > limits.maxMetadataBytes) {
      throw new HttpError(
        400,
        `metadata must be at most ${limits.maxMetadataBytes} bytes of JSON in all (the request's and the segments')`,
      );
    }
  }
}
