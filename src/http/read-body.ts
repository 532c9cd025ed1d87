import type { EngineRequest, EngineRequestBody } from './engine-request.js';
import { headerValue } from './engine-request.js';
import { HttpError } from './http-error.js';

const NO_BODY = Symbol('no body');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Most bytes read and dropped after a body is refused as too large. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export async function collect(stream: AsyncIterable<Uint8Array>, limitBytes: number): Promise<Uint8Array> {
  // Iterated by hand: leaving a `for await` would destroy the request, and its socket with it, before the 413.
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    size += next.value.byteLength;
    if (size > limitBytes) throw await refuseTooLarge(iterator, limitBytes);
    chunks.push(next.value);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

/**
 * The 413 for a streamed body over the limit, after reading and dropping the rest of it (up to
 * MAX_DRAIN_BYTES): a host that finds a request body unread may reset the keep-alive connection under the
 * caller's next request. Past that bound, or if the stream fails, the answer says `Connection: close`.
 */
async function refuseTooLarge(iterator: AsyncIterator<Uint8Array>, limitBytes: number): Promise<HttpError> {
  if (await drain(iterator)) return bodyTooLarge(limitBytes);
  return new HttpError(413, bodyTooLarge(limitBytes).message, { connection: 'close' });
}

/** Reads and drops the rest of a body; `false` when it was over MAX_DRAIN_BYTES or the stream failed. */
async function drain(iterator: AsyncIterator<Uint8Array>): Promise<boolean> {
  try {
    for (let drained = 0; drained <= MAX_DRAIN_BYTES;) {
      const next = await iterator.next();
      if (next.done) return true;
      drained += next.value.byteLength;
    }
  } catch {
    // the caller went away mid-body: nothing left to keep usable
  }
  return false;
}

/**
 * Notices whether the engine read a streamed body. `dropUnread` then reads and drops a body that was left
 * unread (an answer such as 401, 404 or 405 needs none of it), within MAX_DRAIN_BYTES: some hosts reset
 * the keep-alive connection under the caller's next request when a body is left unread. `false` means the
 * body was larger than that, and the answer should close the connection.
 */
export function watchBody(request: EngineRequest): { request: EngineRequest; dropUnread(): Promise<boolean> } {
  const body = request.body;
  const length = headerValue(request, 'content-length');
  const announced = (length !== undefined && length !== '0') || headerValue(request, 'transfer-encoding') !== undefined;
  if (body?.kind !== 'stream' || !announced) return { request, dropUnread: async () => true };
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
    dropUnread: async () => read || drain(body.stream[Symbol.asyncIterator]()),
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
  return typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
}

/** Bytes of the value as JSON; 0 when it cannot be serialized (too deep: the depth check answers that). */
function serializedLength(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return 0;
  }
}

/**
 * Reads and parses a JSON body within `limitBytes`. Returns `undefined` when there is no body.
 * A non-JSON `Content-Type` on a non-empty body is a 415; malformed JSON a 400; too large a 413.
 */
export async function readJsonBody(request: EngineRequest, limitBytes: number): Promise<unknown> {
  const body: EngineRequestBody | undefined = request.body;
  if (!body) return undefined;
  const contentType = headerValue(request, 'content-type');
  const declaredLength = Number(headerValue(request, 'content-length'));
  if (declaredLength > limitBytes) {
    throw body.kind === 'stream' ? await refuseTooLarge(body.stream[Symbol.asyncIterator](), limitBytes) : bodyTooLarge(limitBytes);
  }

  if (body.kind === 'parsed') {
    if (body.value === undefined) return undefined;
    // A chunked body has no declared length; what the host parsed re-serializes to at most what was sent.
    if (Number.isNaN(declaredLength) && serializedLength(body.value) > limitBytes) throw bodyTooLarge(limitBytes);
    if (!isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
    return body.value;
  }
  const bytes = body.kind === 'bytes' ? body.bytes : await collect(body.stream, limitBytes);
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
