import type { EngineRequest, EngineRequestBody } from './engine-request.js';
import { StreamBody, headerValue } from './engine-request.js';
import { HttpError } from './http-error.js';
import { DEFAULTS } from '../options.js';
import type { MaybePromise } from '../maybe-promise.js';
import { isNodeReadable, readNodeStream } from './read-node-stream.js';
import { concatBytes, utf8ByteLength } from '../runtime/bytes.js';

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

/** A body stream that notes when it is read. */
class WatchedStream implements AsyncIterable<Uint8Array> {
  read = false;

  constructor(readonly source: AsyncIterable<Uint8Array>) {}

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    this.read = true;
    return this.source[Symbol.asyncIterator]();
  }
}

/** What a Node `IncomingMessage` offers to read a body that has fully arrived, without waiting for it. */
interface ArrivedBody {
  readonly complete?: boolean;
  readonly readableFlowing?: boolean | null;
  readonly readableEnded?: boolean;
  readonly readableLength?: number;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
  read?(): Uint8Array | string | null;
}

const EMPTY_BODY = new Uint8Array(0);

/**
 * The whole body at once when it has already arrived: a Node request whose message is complete, or whose buffer
 * holds all the bytes its Content-Length declares (Node parses a body that came with the headers right after the
 * request event, and marks the message complete later still). `undefined` when it has to be waited for.
 */
function arrivedBody(stream: AsyncIterable<Uint8Array>): Uint8Array | string | undefined {
  const watched = stream instanceof WatchedStream ? stream : undefined;
  const message = (watched ? watched.source : stream) as ArrivedBody;
  if (typeof message.read !== 'function' || message.readableFlowing === true || message.readableEnded) return undefined;
  if (message.complete !== true && !holdsDeclaredBody(message)) return undefined;
  if (watched) watched.read = true;
  return message.read() ?? EMPTY_BODY;
}

function holdsDeclaredBody(message: ArrivedBody): boolean {
  const declared = message.headers?.['content-length'];
  if (typeof declared !== 'string' || message.headers?.['transfer-encoding'] !== undefined) return false;
  const length = Number(declared);
  return length > 0 && (message.readableLength ?? 0) >= length;
}

/**
 * `request`, noticing whether the engine takes its body. Not a spread, which would read a lazy `signal` getter
 * (see nodeEngineRequest) on every request, nor `Object.create(request)`, which would make each request a
 * prototype (a hidden class each).
 */
class WatchedRequest implements EngineRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: EngineRequest['headers'];
  readonly body: StreamBody<WatchedStream>;

  constructor(
    readonly original: EngineRequest,
    source: AsyncIterable<Uint8Array>,
    /** A small declared body that may be read and dropped if the engine leaves it unread. */
    readonly bounded: boolean,
  ) {
    this.method = original.method;
    this.path = original.path;
    this.headers = original.headers;
    this.body = new StreamBody(new WatchedStream(source));
  }

  get signal(): AbortSignal | undefined {
    return this.original.signal;
  }

  get remoteAddress(): string | undefined {
    return this.original.remoteAddress;
  }
}

/**
 * Watches whether the engine reads a streamed body; `keepsConnection` then reads and drops a body that was left
 * unread (an answer such as 401, 404 or 405 needs none of it): some hosts reset the keep-alive connection under
 * the caller's next request when a body is left unread. A request without a streamed body is not wrapped.
 */
export function watchBody(request: EngineRequest): EngineRequest {
  const body = request.body;
  if (body?.kind !== 'stream') return request;
  const length = headerValue(request, 'content-length');
  const chunked = headerValue(request, 'transfer-encoding') !== undefined;
  if ((length === undefined || length === '0') && !chunked) return request;
  return new WatchedRequest(request, body.stream, length !== undefined && !chunked && Number(length) <= MAX_UNREAD_DRAIN_BYTES);
}

/**
 * Whether the connection may stay open after the answer: `true` unless a watched body was left unread. Only a
 * small declared body is waited for, and for `idleMs` at most: a chunked or larger one may never end
 * (slowloris), so `false` comes at once, and the answer closes the connection instead.
 */
export function keepsConnection(request: EngineRequest, idleMs = DEFAULT_BODY_IDLE_MS): boolean | Promise<boolean> {
  if (!(request instanceof WatchedRequest) || request.body.stream.read) return true;
  const body = request.original.body;
  if (!request.bounded || body?.kind !== 'stream') return false;
  return drain(body.stream[Symbol.asyncIterator](), MAX_UNREAD_DRAIN_BYTES, idleMs);
}

export const bodyTooLarge = (limitBytes: number) => new HttpError(413, `Request body is larger than the limit of ${limitBytes} bytes`);

function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  // What Phrase and most clients send, recognised without splitting and lower-casing a copy.
  if (contentType === 'application/json' || contentType === 'application/json; charset=utf-8') return true;
  const mediaType = contentType.split(';', 1)[0].trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
}

/**
 * A body the engine parsed from its text, with what the text shows for free: a text without the literal `null`
 * holds no null value, and a text of N characters cannot nest deeper than N / 2 levels. Checks that could not
 * find anything are skipped. A body the host parsed has no text: every check runs.
 */
export class JsonBody {
  constructor(
    readonly value: unknown,
    /** Characters of the text it was parsed from; Infinity when the host parsed it. */
    readonly textLength: number,
    /** Whether the text held the literal `null` (or the host parsed it). */
    readonly mayHoldNull: boolean,
  ) {}

  /** Whether the body may nest deeper than `maxDepth` levels, as far as its text tells. */
  mayNestDeeperThan(maxDepth: number): boolean {
    return this.textLength >= 2 * (maxDepth + 1);
  }
}

function parseJson(bytes: Uint8Array | string): JsonBody | undefined {
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'Request body is not valid UTF-8');
  }
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
  return new JsonBody(value, text.length, text.includes('null'));
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
 * Answers at once when the body is at hand (parsed or read by the host, or already arrived).
 */
export function readJsonBody(
  request: EngineRequest,
  limitBytes: number,
  idleMs = DEFAULT_BODY_IDLE_MS,
): MaybePromise<JsonBody | undefined> {
  const body: EngineRequestBody | undefined = request.body;
  if (!body) return undefined;
  const contentType = headerValue(request, 'content-type');
  const declaredLength = Number(headerValue(request, 'content-length'));
  if (declaredLength > limitBytes) {
    if (body.kind !== 'stream') throw bodyTooLarge(limitBytes);
    return refuseTooLarge(body.stream[Symbol.asyncIterator](), limitBytes, idleMs).then((refusal) => {
      throw refusal;
    });
  }

  if (body.kind === 'parsed') {
    if (body.value === undefined) return undefined;
    // A chunked body has no declared length; what the host parsed re-serializes to at most what was sent.
    if (Number.isNaN(declaredLength) && serializedLength(body.value) > limitBytes) throw bodyTooLarge(limitBytes);
    if (!isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
    return new JsonBody(body.value, Infinity, true);
  }
  if (body.kind === 'bytes') return parseBody(body.bytes, contentType, limitBytes);
  const stream = body.stream;
  const arrived = arrivedBody(stream);
  if (arrived !== undefined) return parseBody(arrived, contentType, limitBytes);
  // Node parses the rest of the packet once the request event is over: look again after that (one microtask)
  // before setting up listeners and an idle timer to wait for it.
  return Promise.resolve(stream).then((later) => {
    const arrivedLater = arrivedBody(later);
    if (arrivedLater !== undefined) return parseBody(arrivedLater, contentType, limitBytes);
    return readStream(later, limitBytes, idleMs).then((bytes) => parseBody(bytes, contentType, limitBytes));
  });
}

/** Reads a whole streamed body within `limitBytes`: a Node stream through its events, any other through its iterator. */
async function readStream(stream: AsyncIterable<Uint8Array>, limitBytes: number, idleMs: number): Promise<Uint8Array> {
  const source = stream instanceof WatchedStream ? stream.source : stream;
  if (!isNodeReadable(source)) return collect(stream, limitBytes, idleMs);
  if (stream instanceof WatchedStream) stream.read = true;
  const outcome = await readNodeStream(source, limitBytes, idleMs, MAX_DRAIN_BYTES);
  switch (outcome.kind) {
    case 'read':
      return outcome.bytes;
    case 'stalled':
      throw bodyStalled(idleMs);
    case 'too-large':
      throw outcome.drained ? bodyTooLarge(limitBytes) : new HttpError(413, bodyTooLarge(limitBytes).message, { connection: 'close' });
  }
}

function parseBody(bytes: Uint8Array | string, contentType: string | undefined, limitBytes: number): JsonBody | undefined {
  if (byteLength(bytes) > limitBytes) throw bodyTooLarge(limitBytes);
  if (byteLength(bytes) === 0) return undefined;
  if (!isJsonMediaType(contentType)) throw unsupportedMediaType(contentType);
  return parseJson(bytes);
}

const unsupportedMediaType = (contentType: string | undefined) =>
  new HttpError(
    415,
    contentType
      ? `Content-Type ${contentType.split(';', 1)[0].trim()} is not supported: send application/json`
      : 'Content-Type is missing: send the body as application/json',
  );
