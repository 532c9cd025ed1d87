import { createHash } from 'node:crypto';
import type { Metadata, Segment, TranslateRequest } from '../src/index.js';

/** Which metadata makes two otherwise equal segments different cache entries. */
export interface CacheKeyOptions {
  /** Request metadata keys that change the translation. Default: all of the request's metadata. */
  metadataKeys?: readonly string[];
  /** Segment metadata keys that change the translation. Default: all of each segment's metadata. */
  segmentMetadataKeys?: readonly string[];
  /** Mixed into every key: change it when the engine or model changes, to start afresh. */
  namespace?: string;
}

/**
 * Builds cache keys: sha256 of everything that shapes a segment's translation — language pair,
 * glossary (order-insensitive), the chosen metadata, the segment's text and chosen metadata.
 */
export function cacheKeyBuilder(options: CacheKeyOptions): (request: TranslateRequest) => (segment: Segment) => string {
  return (request) => {
    const glossary = [...(request.glossary ?? [])]
      .map(({ term, translation }) => [term, translation])
      .sort((a, b) => (a[0] === b[0] ? compare(a[1], b[1]) : compare(a[0], b[0])));
    const requestPart = canonicalJson([
      1, // key format version
      options.namespace ?? '',
      request.sourceLanguage,
      request.targetLanguage,
      glossary,
      pick(request.metadata, options.metadataKeys),
    ]);
    return (segment) =>
      createHash('sha256')
        .update(requestPart)
        .update('\n')
        .update(canonicalJson([segment.text, pick(segment.metadata, options.segmentMetadataKeys)]))
        .digest('hex');
  };
}

function pick(metadata: Metadata | undefined, keys: readonly string[] | undefined): Metadata | null {
  if (keys === undefined) return metadata ?? null;
  const picked: Metadata = {};
  for (const key of keys) if (metadata && Object.hasOwn(metadata, key)) picked[key] = metadata[key];
  return picked;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with object keys sorted, so equal metadata gives equal keys whatever its key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const entries = Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => compare(a, b));
    return Object.fromEntries(entries);
  });
}
