import type { EngineResponse } from './engine-request.js';

const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A JSON answer. Its own header object each time (a host may add to it: Hono's Node server adds Content-Length),
 * made from a literal rather than by spreading a shared one.
 */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): EngineResponse {
  return serializedJsonResponse(status, JSON.stringify(body), headers);
}

/** A JSON answer whose body is already serialised (an answer that is always the same, made once). */
export function serializedJsonResponse(status: number, json: string, headers?: Record<string, string>): EngineResponse {
  const own: Record<string, string> = { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' };
  return { status, headers: headers ? Object.assign(own, headers) : own, body: json };
}

/** The JSON error answer every failure gets: `{ "error": message }`. */
export function errorResponse(status: number, message: string, headers?: Record<string, string>): EngineResponse {
  return jsonResponse(status, { error: message }, headers);
}
