import type { EngineResponse } from './engine-request.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EngineResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** The JSON error answer every failure gets: `{ "error": message }`. */
export function errorResponse(status: number, message: string, headers: Record<string, string> = {}): EngineResponse {
  return jsonResponse(status, { error: message }, headers);
}
