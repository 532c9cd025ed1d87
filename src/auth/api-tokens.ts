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

const ABSENT: AuthResult = Object.freeze({ kind: 'absent' });
const INVALID: AuthResult = Object.freeze({ kind: 'rejected', reason: 'Invalid API token' });

/** Constant-time equality of two arrays of the same length: node:crypto's where the runtime has it. */
const bytesEqual: (a: Uint8Array, b: Uint8Array) => boolean = nodeBuiltin('node:crypto')?.timingSafeEqual ?? constantTimeEqual;

interface PaddedToken {
  /** The token as UTF-8, zero-padded to the width of the longest configured token. */
  padded: Uint8Array;
  /** Its length in bytes, before padding. */
  length: number;
  /** The answer for this token, made once. */
  accepted: AuthResult;
}

/**
 * The configured tokens, each zero-padded to the width of the longest, and one scratch array of that width for
 * the presented token: every comparison reads the same number of bytes whatever was presented, so the time
 * taken tells neither which token matched nor how long any is (the lengths are compared as numbers). About a
 * quarter of the CPU of a SHA-256 per request, and synchronous on every runtime (Web Crypto's digest is not).
 */
class PaddedTokens {
  private readonly encoder = new TextEncoder();
  private readonly scratch: Uint8Array;

  private constructor(private readonly stored: readonly PaddedToken[]) {
    this.scratch = new Uint8Array(stored[0].padded.byteLength);
  }

  static of(tokens: readonly { token: string; accepted: AuthResult }[]): PaddedTokens {
    const encoder = new TextEncoder();
    const encoded = tokens.map(({ token, accepted }) => ({ bytes: encoder.encode(token), accepted }));
    const width = Math.max(...encoded.map(({ bytes }) => bytes.byteLength));
    return new PaddedTokens(
      encoded.map(({ bytes, accepted }) => {
        const padded = new Uint8Array(width);
        padded.set(bytes);
        return { padded, length: bytes.byteLength, accepted };
      }),
    );
  }

  /** Compares with every configured token, so that the time taken does not tell which one matched. */
  find(presented: string): AuthResult {
    const scratch = this.scratch;
    // A token wider than the widest configured one is cut here, and refused below for not fitting.
    const { read, written } = this.encoder.encodeInto(presented, scratch);
    // The rest is zeroed by hand: `fill` is a call into the runtime, dearer than these few bytes.
    for (let index = written; index < scratch.length; index++) scratch[index] = 0;
    const fits = read === presented.length;
    let match: AuthResult | undefined;
    for (const candidate of this.stored) {
      const equal = bytesEqual(candidate.padded, scratch);
      if (equal && fits && written === candidate.length && !match) match = candidate.accepted;
    }
    return match ?? INVALID;
  }
}

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

/** Checks `X-Api-Token` against every configured token in constant time (see PaddedTokens). */
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

  const padded = PaddedTokens.of(configured);
  return {
    credentialHint: 'an X-Api-Token header',
    challenge: API_TOKEN_CHALLENGE,
    authenticate(request: EngineRequest): AuthResult {
      const presented = headerValue(request, 'x-api-token');
      return presented === undefined || presented === '' ? ABSENT : padded.find(presented);
    },
  };
}
