import type { EngineRequest } from '../http/engine-request.js';
import type { Operation } from '../openapi/operations.js';
import type { Principal } from './principal.js';

/**
 * One authentication scheme. `absent` means the request carries none of this scheme's credentials,
 * so another scheme may still admit it; `rejected` means it carried them and they are wrong.
 */
export type AuthResult =
  | { readonly kind: 'absent' }
  | { readonly kind: 'accepted'; readonly principal: Principal }
  | {
      readonly kind: 'rejected';
      readonly reason: string;
      readonly headers?: Record<string, string>;
      /** Default 401; 503 when the scheme could not check the credentials (identity provider unreachable). */
      readonly status?: 401 | 503;
    };

export interface Authenticator {
  /** Called before the body is read. Must not throw for bad input: answer `rejected`. */
  authenticate(request: EngineRequest, operation: Operation): Promise<AuthResult> | AuthResult;
  /** This scheme's `WWW-Authenticate` challenge, sent with every 401 alongside the other schemes'. */
  readonly challenge: string;
  /** A human-readable hint of how to authenticate, used in the 401 message. */
  readonly credentialHint: string;
  /** Headers for a 403 when this scheme admitted the caller without the operation's scope. */
  scopeChallenge?(scope: string): Record<string, string>;
}
