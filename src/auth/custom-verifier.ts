import type { EngineRequest } from '../http/engine-request.js';
import type { Authenticator } from './authenticator.js';
import type { Principal } from './principal.js';

/**
 * A team's own scheme (mTLS headers set by a proxy, HMAC signatures...). Return the caller's name
 * (or a full principal) to admit the request, `null` to say "not my credentials".
 */
export type CustomVerifier = (
  request: EngineRequest,
) => Promise<string | Omit<Principal, 'scheme'> | null> | string | Omit<Principal, 'scheme'> | null;

export function customAuthenticator(verify: CustomVerifier): Authenticator {
  return {
    credentialHint: 'the credentials your custom verifier expects',
    async authenticate(request) {
      let verified: Awaited<ReturnType<CustomVerifier>>;
      try {
        verified = await verify(request);
      } catch {
        return { kind: 'rejected', reason: 'Credentials were rejected' };
      }
      if (verified === null || verified === undefined) return { kind: 'absent' };
      const principal: Principal =
        typeof verified === 'string'
          ? { name: verified, scheme: 'custom' }
          : { name: verified.name, scopes: verified.scopes, scheme: 'custom' };
      return { kind: 'accepted', principal };
    },
  };
}
