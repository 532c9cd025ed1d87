import type { IncomingMessage } from 'node:http';
import { StreamBody, type EngineRequestBody } from './engine-request.js';
import { markReadByHost } from './host-parser-notice.js';

/**
 * The body of a Node request for adapters over `node:http` (Express, Koa, Fastify): the unread stream,
 * or what the host's body parser left when it already consumed the stream. `hostRawBody` is the raw
 * text or bytes a parser kept (Koa's `ctx.request.rawBody`): preferred, so the engine parses the bytes.
 */
export function nodeRequestBody(request: IncomingMessage, hostBody: unknown, hostRawBody?: unknown): EngineRequestBody {
  const consumed = (request as { _body?: boolean })._body === true || request.readableEnded;
  if (!consumed) return new StreamBody(request);
  return markReadByHost(hostReadBody(request, hostBody, hostRawBody));
}

function hostReadBody(request: IncomingMessage, hostBody: unknown, hostRawBody: unknown): EngineRequestBody {
  // What a parser makes of an empty body (`{}` for express.json()) is not what the caller sent.
  if (request.headers['content-length'] === '0') return { kind: 'bytes', bytes: '' };
  if (typeof hostRawBody === 'string' || hostRawBody instanceof Uint8Array) return { kind: 'bytes', bytes: hostRawBody };
  if (typeof hostBody === 'string' || hostBody instanceof Uint8Array) return { kind: 'bytes', bytes: hostBody };
  return { kind: 'parsed', value: hostBody };
}
