import type { EngineResponse } from '../../http/engine-request.js';
import { jsonResponse } from '../../http/responses.js';

/** RFC 6749 §5.2 error codes the token endpoint answers. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

/** Token responses must not be cached (RFC 6749 §5.1). */
export const NO_CACHE_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/** An RFC 6749 error answer: `{ error, error_description }`; `invalid_client` is a 401 with a Basic challenge. */
export function oauthError(code: OAuthErrorCode, description: string, status?: number): EngineResponse {
  const headers: Record<string, string> = { ...NO_CACHE_HEADERS };
  if (code === 'invalid_client') headers['www-authenticate'] = 'Basic realm="byo-engine", charset="UTF-8"';
  return jsonResponse(status ?? (code === 'invalid_client' ? 401 : 400), { error: code, error_description: description }, headers);
}
