import type { EngineRequest } from '../http/engine-request.js';
import { headerValue } from '../http/engine-request.js';
import type { Authenticator, AuthResult } from './authenticator.js';
import { BEARER_REALM } from './oauth2/bearer-challenge.js';
import type { Principal } from './principal.js';
import { isArray } from '../is-array.js';
import { checkKnownScopes } from './scopes.js';
import { constantTimeEqual } from '../runtime/bytes.js';
import { nodeBuiltin } from '../runtime/node-builtins.js';

/** An API token, optionally limited to some scopes (default: every operation). */
export interface ApiTokenEntry {
  /** The token, or several during a rotation: each admits the same caller, so its jobs stay visible. */
  token: string | readonly string[];
  scopes?: readonly string[];
}

/** A list of tokens (named `token-1`, `token-2`, ...) or a map from caller name to token. */
export type ApiTokens = readonly string[] | Readonly<Record<string, string | ApiTokenEntry>>;

interface StoredToken {
  digest: Uint8Array;
  /** The answer for this token, made once. */
  accepted: AuthResult;
}

const ABSENT: AuthResult = Object.freeze({ kind: 'absent' });
const INVALID: AuthResult = Object.freeze({ kind: 'rejected', reason: 'Invalid API token' });

const nodeCrypto = nodeBuiltin('node:crypto');

/**
 * SHA-256 of a token, synchronous, with node:crypto where the runtime has it (Node, Bun, Deno). One-shot
 * `crypto.hash` (Node 20.12+) takes about a third of the CPU of a Hash object; older runtimes lack it.
 * `undefined` elsewhere (Workers without `nodejs_compat`): Web Crypto's digest, which only answers asynchronously.
 */
const syncDigest: ((token: string) => Uint8Array) | undefined = !nodeCrypto
  ? undefined
  : typeof nodeCrypto.hash === 'function'
    ? (token) => nodeCrypto.hash('sha256', token, 'buffer')
    : (token) => nodeCrypto.createHash('sha256').update(token, 'utf8').digest();

const utf8 = new TextEncoder();
const webDigest = async (token: string): Promise<Uint8Array> => new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(token)));

const digestsEqual: (a: Uint8Array, b: Uint8Array) => boolean = nodeCrypto ? nodeCrypto.timingSafeEqual : constantTimeEqual;

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
  const configured = toEntries(tokens).flatMap(([name, entry]) => {
    const values = typeof entry?.token === 'string' ? [entry.token] : entry?.token;
    if (!Array.isArray(values) || values.length === 0 || !values.every((token) => typeof token === 'string' && token.length >= 16)) {
      throw new Error(`byo-engine: API token "${name}" must be a string of at least 16 characters (or a list of such strings)`);
    }
    checkKnownScopes(`auth.apiTokens["${name}"].scopes`, entry.scopes);
    const principal: Principal = Object.freeze({ name, scheme: 'api-token', scopes: entry.scopes });
    const accepted: AuthResult = Object.freeze({ kind: 'accepted', principal });
    return values.map((token: string) => ({ token, accepted }));
  });
  if (configured.length === 0) throw new Error('byo-engine: auth.apiTokens is empty');

  /** Compares with every stored digest, so that the time taken does not tell which one matched. */
  const find = (stored: readonly StoredToken[], presentedDigest: Uint8Array): AuthResult => {
    let match: AuthResult | undefined;
    for (const candidate of stored) {
      if (digestsEqual(candidate.digest, presentedDigest) && !match) match = candidate.accepted;
    }
    return match ?? INVALID;
  };
  const presentedToken = (request: EngineRequest) => {
    const presented = headerValue(request, 'x-api-token');
    return presented === undefined || presented === '' ? undefined : presented;
  };

  if (syncDigest) {
    const stored = configured.map(({ token, accepted }) => ({ digest: syncDigest(token), accepted }));
    return {
      credentialHint: 'an X-Api-Token header',
      challenge: API_TOKEN_CHALLENGE,
      authenticate(request: EngineRequest): AuthResult {
        const presented = presentedToken(request);
        return presented === undefined ? ABSENT : find(stored, syncDigest(presented));
      },
    };
  }
  // Web Crypto digests asynchronously: the configured tokens are digested once, on the first request.
  let stored: Promise<StoredToken[]> | undefined;
  return {
    credentialHint: 'an X-Api-Token header',
    challenge: API_TOKEN_CHALLENGE,
    async authenticate(request: EngineRequest): Promise<AuthResult> {
      const presented = presentedToken(request);
      if (presented === undefined) return ABSENT;
      stored ??= Promise.all(configured.map(async ({ token, accepted }) => ({ digest: await webDigest(token), accepted })));
      return find(await stored, await webDigest(presented));
    },
  };
}
