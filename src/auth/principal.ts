/** Who a request was authenticated as. Jobs are owned by `name`; the translator's context carries it. */
export interface Principal {
  /** The API token's name, the JWT's client id, or what a custom verifier returned. */
  readonly name: string;
  readonly scheme: 'api-token' | 'oauth2' | 'custom' | 'anonymous';
  /** For `oauth2`: the verified `iss` of the token (your identity provider's, or the built-in token endpoint's). */
  readonly issuer?: string;
  /** Scopes granted; `undefined` grants every operation. */
  readonly scopes?: readonly string[];
}

export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', scheme: 'anonymous' });
