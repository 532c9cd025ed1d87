import type { EngineResponse } from './engine-request.js';

const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A JSON answer. Its own header object each time (a host may add to it: Hono's Node server adds Content-Length),
 * made from a literal rather than by spreading a shared one.
 */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): EngineResponse {
  const json: Record<string, string> = { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' };
  return { status, headers: headers ? Object.assign(json, headers) : json, body: JSON.stringify(body) };
}

/** The JSON error answer every failure gets: `{ "error": message }`. */
export function errorResponse(status: number, message: string, headers?: Record<string, string>): EngineResponse {
  return jsonResponse(status, { error: message }, headers);
}
