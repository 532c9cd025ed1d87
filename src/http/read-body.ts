import type { EngineRequest, EngineRequestBody } from './engine-request.js';
import { headerValue } from './engine-request.js';
import { HttpError } from './http-error.js';
import { DEFAULTS } from '../options.js';
import { concatBytes, utf8ByteLength } from '../runtime/bytes.js';

const NO_BODY = Symbol('no body');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Most bytes read and dropped after a body is refused as too large. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
/**
 * Largest declared body that is read and dropped before a refusal that did not need it (401, 404, 405), so the
 * keep-alive connection stays usable. A larger or chunked one may never end: it gets the answer at once, and
 * `Connection: close`.
 */
const MAX_UNREAD_DRAIN_BYTES = 64 * 1024;
/** How long a body may send nothing before it is cut, when the caller does not say (the token endpoint). */
const DEFAULT_BODY_IDLE_MS: number = DEFAULTS.bodyIdleTimeoutMs;

/** A stalled body: no data for `idleMs`. The connection closes, as the rest of the body may still come. */
export const bodyStalled = (idleMs: number) =>
  new HttpError(408, `Request body stalled: no data arrived for ${idleMs} ms`, { connection: 'close' });

const STALLED = Symbol('stalled');

/**
 * The iterator's next chunk, or STALLED when none came within `idleMs` of the last one (one timer per body,
 * refreshed per chunk). `finish` clears it.
 */
function idleReader(iterator: AsyncIterator<Uint8Array>, idleMs: number) {
  let timer: NodeJS.Timeout | undefined;
  let expire: (stalled: typeof STALLED) => void = () => {};
  const expired = new Promise<typeof STALLED>((resolve) => {
    expire = resolve;
  });
  return {
    next(): Promise<IteratorResult<Uint8Array> | typeof STALLED> {
      // Node's timers refresh in place; Workers' timers are plain numbers, so there a new one replaces the old.
      if (timer && typeof timer.refresh === 'function') timer.refresh();
      else {
        clearTimeout(timer);
        timer = setTimeout(() => expire(STALLED), idleMs);
      }
      return Promise.race([iterator.next(), expired]);
    },
    finish: () => clearTimeout(timer),
  };
}

export async function collect(stream: AsyncIterable<Uint8Array>, limitBytes: number, idleMs = DEFAULT_BODY_IDLE_MS): Promise<Uint8Array> {
  // Iterated by hand: leaving a `for await` would destroy the request, and its socket with it, before the 413.
  const iterator = stream[Symbol.asyncIterator]();
  const reader = idleReader(iterator, idleMs);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await reader.next();
      if (next === STALLED) throw bodyStalled(idleMs);
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limitBytes) throw await refuseTooLarge(iterator, limitBytes, idleMs);
      chunks.push(next.value);
    }
  } finally {
    reader.finish();
  }
  return chunks.length === 1 ? chunks[0] : concatBytes(chunks, size);
}

/**
 * The 413 for a streamed body over the limit, after reading and dropping the rest of it (up to
 * MAX_DRAIN_BYTES): a host that finds a request body unread may reset the keep-alive connection under the
 * caller's next request. Past that bound, or if the stream fails, the answer says `Connection: close`.
 */
async function refuseTooLarge(iterator: AsyncIterator<Uint8Array>, limitBytes: number, idleMs: number): Promise<HttpError> {
  if (await drain(iterator, MAX_DRAIN_BYTES, idleMs)) return bodyTooLarge(limitBytes);
  return new HttpError(413, bodyTooLarge(limitBytes).message, { connection: 'close' });
}

/** Reads and drops the rest of a body; `false` when it was over `maxBytes`, stalled for `idleMs`, or failed. */
async function drain(iterator: AsyncIterator<Uint8Array>, maxBytes: number, idleMs: number): Promise<boolean> {
  const reader = idleReader(iterator, idleMs);
  try {
    for (let drained = 0; drained <= maxBytes;) {
      const next = await reader.next();
      if (next === STALLED) return false;
      if (next.done) return true;
      drained += next.value.byteLength;
    }
  } catch {
    // the caller went away mid-body: nothing left to keep usable
  } finally {
    reader.finish();
  }
  return false;
}

/**
 * Notices whether the engine read a streamed body. `dropUnread` then reads and drops a body that was left
 * unread (an answer such as 401, 404 or 405 needs none of it): some hosts reset the keep-alive connection
 * under the caller's next request when a body is left unread. Only a small declared body is waited for, and
 * for `idleMs` at most: a chunked or larger one may never end (slowloris), so `false` comes at once, and
 * the answer closes the connection instead.
 */
export function watchBody(
  request: EngineRequest,
  idleMs = DEFAULT_BODY_IDLE_MS,
): { request: EngineRequest; dropUnread(): Promise<boolean> } {
  const body = request.body;
  const length = headerValue(request, 'content-length');
  const announced = (length !== undefined && length !== '0') || headerValue(request, 'transfer-encoding') !== undefined;
  if (body?.kind !== 'stream' || !announced) return { request, dropUnread: async () => true };
  const declared = Number(length);
  const bounded = length !== undefined && headerValue(request, 'transfer-encoding') === undefined && declared <= MAX_UNREAD_DRAIN_BYTES;
  let read = false;
  const stream: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => {
      read = true;
      return body.stream[Symbol.asyncIterator]();
    },
  };
  return {
    // Not a spread: that would read a lazy `signal` getter (see lazyResponseClosedSignal) on every request.
    request: Object.create(request, { body: { value: { kind: 'stream', stream }, enumerable: true } }) as EngineRequest,
    dropUnread: async () => read || (bounded && drain(body.stream[Symbol.asyncIterator](), MAX_UNREAD_DRAIN_BYTES, idleMs)),
  };
}

export const bodyTooLarge = (limitBytes: number) => new HttpError(413, `Request body is larger than the limit of ${limitBytes} bytes`);

function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';', 1)[0].trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
}

function parseJson(bytes: Uint8Array | string): unknown {
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'Request body is not valid UTF-8');
  }
  if (text.trim() === '') return NO_BODY;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

function byteLength(bytes: Uint8Array | string): number {
  return typeof bytes === 'string' ? utf8ByteLength(bytes) : bytes.byteLength;
}

/** Bytes of the value as JSON; 0 when it cannot be serialized (too deep: the depth check answers that). */
function serializedLength(value: unknown): number {
  try {
    return utf8ByteLength(JSON.stringify(value) ?? '');
  } catch {
    return 0;
  }
}

/**
 * Reads and parses a JSON body within `limitBytes`. Returns `undefined` when there is no body.
 * A non-JSON `Content-Type` on a non-empty body is a 415; malformed JSON a 400; too large a 413.
 */
export async function readJsonBody(request: EngineRequest, limitBytes: number, idleMs = DEFAULT_BODY_IDLE_MS): Promise<unknown> {
  const body: EngineRequestBody | undefined = request.body;
  if (!body) return undefined;
  const contentType = headerValue(request, 'content-type');
  const declaredLength = Number(headerValue(request, 'content-length'));
  if (declaredLength > limitBytes) {
    throw body.kind === 'stream' ? await refuseTooLarge(body.stream[Symbol.asyncIterator](), limitBytes, idleMs) : bodyTooLarge(limitBytes);
  }

  if (body.kind === 'parsed') {
    if (body.value === undefined) return undefined;
    // A chunked body has no declared length; what the host parsed re-serializes to at most what was sent.
    if (Number.isNaN(declaredLength) && serializedLength(body.value) > limitBytes) throw bodyTooLarge(limitBytes);
    if (!isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
    return body.value;
  }
  const bytes = body.kind === 'bytes' ? body.bytes : await collect(body.stream, limitBytes, idleMs);
  if (byteLength(bytes) > limitBytes) throw bodyTooLarge(limitBytes);
  if (byteLength(bytes) === 0) return undefined;
  if (!isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
  const value = parseJson(bytes);
  return value === NO_BODY ? undefined : value;
}

const unsupportedMediaType = (contentType: string | undefined) =>
  new HttpError(
    415,
    contentType
      ? `Content-Type ${contentType.split(';', 1)[0].trim()} is not supported: send application/json`
      : 'Content-Type is missing: send the body as application/json',
  );
