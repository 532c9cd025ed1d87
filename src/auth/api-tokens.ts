import * as crypto from 'node:crypto';
import type { EngineRequest } from '../http/engine-request.js';
import { headerValue } from '../http/engine-request.js';
import type { Authenticator, AuthResult } from './authenticator.js';
import { BEARER_REALM } from './oauth2/bearer-challenge.js';
import type { Principal } from './principal.js';
import { isArray } from '../is-array.js';
import { checkKnownScopes } from './scopes.js';

/** An API token, optionally limited to some scopes (default: every operation). */
export interface ApiTokenEntry {
  /** The token, or several during a rotation: each admits the same caller, so its jobs stay visible. */
  token: string | readonly string[];
  scopes?: readonly string[];
}

/** A list of tokens (named `token-1`, `token-2`, ...) or a map from caller name to token. */
export type ApiTokens = readonly string[] | Readonly<Record<string, string | ApiTokenEntry>>;

interface StoredToken {
  digest: Buffer;
  principal: Principal;
  /** The answer for this token, made once. */
  accepted: AuthResult;
}

const ABSENT: AuthResult = Object.freeze({ kind: 'absent' });
const INVALID: AuthResult = Object.freeze({ kind: 'rejected', reason: 'Invalid API token' });

// One-shot `crypto.hash` (Node 20.12+) takes about a third of the CPU of a Hash object; older Node 20s lack it.
const digest: (token: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (token) => crypto.hash('sha256', token, 'buffer')
    : (token) => crypto.createHash('sha256').update(token, 'utf8').digest();

function toEntries(tokens: ApiTokens): [string, ApiTokenEntry][] {
  if (isArray(tokens)) return tokens.map((token, index) => [`token-${index + 1}`, { token }]);
  return Object.entries(tokens as Record<string, string | ApiTokenEntry>).map(([name, entry]) => [
    name,
    typeof entry === 'string' ? { token: entry } : entry,
  ]);
}

/** The 401 challenge naming the `X-Api-Token` header (no registered scheme exists for it). */
const API_TOKEN_CHALLENGE = `ApiToken realm="${BEARER_REALM}", header="X-Api-Token"`;

/** The caller names that `tokens` admits. */
export function apiTokenNames(tokens: ApiTokens): string[] {
  return toEntries(tokens).map(([name]) => name);
}

/** Checks `X-Api-Token` against every configured token in constant time (hash, then compare all). */
export function apiTokenAuthenticator(tokens: ApiTokens): Authenticator {
  const stored: StoredToken[] = toEntries(tokens).flatMap(([name, entry]) => {
    const values = typeof entry?.token === 'string' ? [entry.token] : entry?.token;
    if (!Array.isArray(values) || values.length === 0 || !values.every((token) => typeof token === 'string' && token.length >= 16)) {
      throw new Error(`byo-engine: API token "${name}" must be a string of at least 16 characters (or a list of such strings)`);
    }
    checkKnownScopes(`auth.apiTokens["${name}"].scopes`, entry.scopes);
    const principal: Principal = Object.freeze({ name, scheme: 'api-token', scopes: entry.scopes });
    const accepted: AuthResult = Object.freeze({ kind: 'accepted', principal });
    return values.map((token: string) => ({ digest: digest(token), principal, accepted }));
  });
  if (stored.length === 0) throw new Error('byo-engine: auth.apiTokens is empty');

  return {
    credentialHint: 'an X-Api-Token header',
    challenge: API_TOKEN_CHALLENGE,
    authenticate(request: EngineRequest): AuthResult {
      const presented = headerValue(request, 'x-api-token');
      if (presented === undefined || presented === '') return ABSENT;
      const presentedDigest = digest(presented);
      let match: AuthResult | undefined;
      for (const candidate of stored) {
        if (crypto.timingSafeEqual(candidate.digest, presentedDigest) && !match) match = candidate.accepted;
      }
      return match ?? INVALID;
    },
  };
}
