/**
 * The framework-free request that adapters hand to `engine.handle`. Adapters fill it from their
 * framework's request and do nothing else: the engine routes, authenticates, parses and validates.
 */
export interface EngineRequest {
  /** HTTP method, any case. */
  method: string;
  /** Path below the mount point, starting with `/` (a query string is allowed and ignored). */
  path: string;
  /** Request headers with lower-case names. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body, in whatever state the host left it. Absent for a request without a body. */
  body?: EngineRequestBody;
  /** Aborted when the caller goes away; passed on to the translator of a synchronous request. */
  signal?: AbortSignal;
  /** The caller's IP address as the host sees it (behind a proxy: as the host's trust settings resolve it). */
  remoteAddress?: string;
}

/**
 * - `stream`: the body has not been read yet (the engine reads it, within its size limit).
 * - `bytes`: the raw body, already read by the host.
 * - `parsed`: the host already parsed the body (for example `express.json()`).
 */
export type EngineRequestBody =
  | { readonly kind: 'stream'; readonly stream: AsyncIterable<Uint8Array> }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array | string }
  | { readonly kind: 'parsed'; readonly value: unknown };

/** What the engine answers; adapters copy it to their framework's response as it is. */
export interface EngineResponse {
  status: number;
  headers: Record<string, string>;
  /** The serialized body (JSON for every API answer). */
  body: string;
}

/** Reads one header as a single string (the first value when repeated). */
export function headerValue(request: EngineRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * A streamed body, as a class: engines and adapters make one per request, and V8 may pretenure an object
 * literal's allocation site; an old literal holding the stream then keeps each request's objects alive until a
 * full GC (seen as about 900 B promoted per request in `npm run bench`).
 */
export class StreamBody<S extends AsyncIterable<Uint8Array> = AsyncIterable<Uint8Array>> {
  readonly kind = 'stream';
  constructor(readonly stream: S) {}
}
