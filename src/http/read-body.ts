import type { EngineRequest, EngineRequestBody } from './engine-request.js';
import { headerValue } from './engine-request.js';
import { HttpError } from './http-error.js';

const NO_BODY = Symbol('no body');
const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function collect(stream: AsyncIterable<Uint8Array>, limitBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limitBytes) throw bodyTooLarge(limitBytes);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

export const bodyTooLarge = (limitBytes: number) =>
  new HttpError(413, `Request body is larger than the limit of ${limitBytes} bytes`);

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
  if (declaredLength > limitBytes) throw bodyTooLarge(limitBytes);

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
