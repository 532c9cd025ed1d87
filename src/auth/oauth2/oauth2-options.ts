import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

/** Where the identity provider's signing keys come from: exactly one of the three. */
export type OAuth2KeySource =
  | { /** The provider's JWKS URL (fetched, cached, refetched for an unknown `kid`). */ jwksUri: string; publicKey?: never; secret?: never }
  | {
      /** One public key: PEM (SPKI or certificate), a public JWK or a `KeyObject`. */ publicKey: string | JWK | KeyObject;
      jwksUri?: never;
      secret?: never;
    }
  | {
      /** A shared HMAC secret (at least 32 bytes): only when the provider signs with HS256/384/512. */ secret: string | Uint8Array;
      jwksUri?: never;
      publicKey?: never;
    };

/** Accept Bearer JWTs (OAuth2 client credentials) issued by an identity provider. */
export type OAuth2Options = OAuth2KeySource & {
  /** The `iss` the tokens must carry, exactly as the provider writes it. */
  issuer: string;
  /** The `aud` the tokens must carry (one of these, when a list). */
  audience: string | readonly string[];
  /** Accepted signing algorithms. Default: every algorithm of the key's kind (never `none`, never HMAC for a public key). */
  algorithms?: readonly string[];
  /** Leeway for `exp` and `nbf`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** With `jwksUri`: the least time between two JWKS fetches caused by an unknown `kid`. Default 30,000 ms. */
  jwksCooldownMs?: number;
};
