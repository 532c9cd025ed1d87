import type { JWTPayload } from 'jose';
import type { Principal } from '../principal.js';

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The caller a token names: `client_id` (RFC 9068), else `azp`, else `sub`. */
export function callerName(claims: JWTPayload): string | undefined {
  return [claims.client_id, claims.azp, claims.sub].find(nonEmptyString);
}

/** Scopes from `scope` (space-separated, RFC 8693/9068) or `scp` (a list, or a string, as some providers send). */
export function grantedScopes(claims: JWTPayload): string[] {
  const scopes: string[] = [];
  if (typeof claims.scope === 'string') scopes.push(...claims.scope.split(' '));
  if (Array.isArray(claims.scp)) scopes.push(...claims.scp.filter(nonEmptyString));
  else if (typeof claims.scp === 'string') scopes.push(...claims.scp.split(' '));
  return scopes.filter((scope) => scope !== '');
}

/**
 * The principal of a verified token from `issuer`; `undefined` when the token names no caller. A token grants
 * only its scopes. The issuer is part of who the caller is: the same `sub` at two issuers is two callers.
 */
export function principalFromClaims(claims: JWTPayload, issuer: string): Principal | undefined {
  const name = callerName(claims);
  if (name === undefined) return undefined;
  return Object.freeze({ name, scheme: 'oauth2', issuer, scopes: Object.freeze(grantedScopes(claims)) });
}
