import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { FailureLimitOptions } from './failure-limiter.js';

/** One client allowed to ask for tokens. */
export interface TokenEndpointClient {
  /** The client secret (at least 16 characters). Compared in constant time, never logged. */
  secret: string;
  /** Scopes this client may get. Default: every operation's scope. */
  scopes?: readonly string[];
}

/** A built-in OAuth2 token endpoint (client credentials) for teams without an identity provider. */
export interface TokenEndpointOptions {
  /** Client id -> secret and scopes. The client id becomes the principal name. */
  clients: Readonly<Record<string, TokenEndpointClient>>;
  /**
   * Private key that signs the tokens: PEM (PKCS#8), a private JWK or a `KeyObject` (RSA, EC or Ed25519).
   * Default: an ES256 key generated at start-up, so tokens do not survive a restart and are not
   * accepted by other instances. Give a key when you run more than one instance.
   */
  signingKey?: string | JWK | KeyObject;
  /** Token lifetime. Default 3,600 seconds. */
  expiresInSeconds?: number;
  /** The `iss` of issued tokens. Default `byo-engine`. */
  issuer?: string;
  /** The `aud` of issued tokens. Default `byo-engine`. */
  audience?: string;
  /**
   * Failed client authentications allowed per client id and per remote address before the endpoint answers
   * 429 with Retry-After for the rest of the window. Default 10 per client, 100 per address, in 300 seconds.
   * `false` turns the limit off.
   */
  failureLimit?: FailureLimitOptions | false;
}

export const TOKEN_ENDPOINT_DEFAULTS = { expiresInSeconds: 3_600, issuer: 'byo-engine', audience: 'byo-engine' } as const;
