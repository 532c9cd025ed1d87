import type { EngineRequest } from './engine-request.js';
import { headerValue } from './engine-request.js';
import { HttpError } from './http-error.js';
import { bodyTooLarge, collect } from './read-body.js';
import { utf8ByteLength } from '../runtime/bytes.js';

/** Form fields by name; a field sent twice has two values. */
export type FormFields = ReadonlyMap<string, readonly string[]>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const isFormMediaType = (contentType: string | undefined) =>
  contentType?.split(';', 1)[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';

function parseForm(text: string): FormFields {
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(text)) fields.set(name, [...(fields.get(name) ?? []), value]);
  return fields;
}

/** A body the host already parsed (for example `express.urlencoded()`): string values, or lists of them. */
function fromParsed(value: unknown): FormFields {
  if (typeof value === 'string') return parseForm(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'Request body is not a form');
  const fields = new Map<string, string[]>();
  for (const [name, entry] of Object.entries(value)) {
    const values = Array.isArray(entry) ? entry : [entry];
    if (!values.every((item) => typeof item === 'string')) throw new HttpError(400, `Form field ${name} is not a plain value`);
    fields.set(name, values);
  }
  return fields;
}

/**
 * Reads an `application/x-www-form-urlencoded` body within `limitBytes` (the OAuth2 token request's format).
 * Another content type is a 415, too large a 413, invalid UTF-8 a 400. No body gives no fields.
 */
export async function readFormBody(request: EngineRequest, limitBytes: number): Promise<FormFields> {
  const body = request.body;
  if (!body) return new Map();
  const contentType = headerValue(request, 'content-type');
  if (Number(headerValue(request, 'content-length')) > limitBytes) throw bodyTooLarge(limitBytes);
  if (body.kind === 'parsed' && body.value === undefined) return new Map();
  if (!isFormMediaType(contentType)) {
    const what = contentType ? `Content-Type ${contentType.split(';', 1)[0].trim()} is not supported` : 'Content-Type is missing';
    throw new HttpError(415, `${what}: send application/x-www-form-urlencoded`);
  }
  if (body.kind === 'parsed') return fromParsed(body.value);
  const bytes = body.kind === 'bytes' ? body.bytes : await collect(body.stream, limitBytes);
  const size = typeof bytes === 'string' ? utf8ByteLength(bytes) : bytes.byteLength;
  if (size > limitBytes) throw bodyTooLarge(limitBytes);
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'Request body is not valid UTF-8');
  }
  return parseForm(text);
}
