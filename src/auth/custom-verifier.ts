import type { EngineRequest } from '../http/engine-request.js';
import type { Authenticator } from './authenticator.js';
import { BEARER_REALM } from './oauth2/bearer-challenge.js';
import type { Principal } from './principal.js';

/**
 * A team's own scheme (mTLS headers set by a proxy, HMAC signatures...). Return the caller's name
 * (or a full principal) to admit the request, `null` to say "not my credentials".
 */
export type CustomVerifier = (
  request: EngineRequest,
) => Promise<string | Omit<Principal, 'scheme'> | null> | string | Omit<Principal, 'scheme'> | null;

/** The 401 challenge of a team's own scheme, which only the team can describe. */
const CUSTOM_CHALLENGE = `Custom realm="${BEARER_REALM}"`;

export function customAuthenticator(verify: CustomVerifier): Authenticator {
  return {
    credentialHint: 'the credentials your custom verifier expects',
    challenge: CUSTOM_CHALLENGE,
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
