import type { EngineRequest } from './engine-request.js';

/** What Node and the Fetch stream readers throw when the caller closes the connection mid-body. */
const CALLER_GONE_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);

/**
 * Whether reading the request failed because the caller went away (closed the connection, sent less than
 * it announced): the caller's doing, not a server fault, so it is logged at `debug`, not `error`.
 */
export function callerWentAway(error: unknown, request: EngineRequest): boolean {
  if (request.signal?.aborted) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CALLER_GONE_CODES.has(code)) return true;
  // node:http's IncomingMessage: `Error: aborted`; Fetch bodies: `AbortError`, or `TypeError: terminated`.
  return error.message === 'aborted' || error.name === 'AbortError' || (error instanceof TypeError && error.message === 'terminated');
}
