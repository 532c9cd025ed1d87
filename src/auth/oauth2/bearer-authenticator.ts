import { decodeJwt } from 'jose';
import type { EngineRequest } from '../../http/engine-request.js';
import { headerValue } from '../../http/engine-request.js';
import type { Logger } from '../../logger.js';
import type { Authenticator, AuthResult } from '../authenticator.js';
import { BEARER_CHALLENGE, insufficientScopeChallenge, invalidTokenChallenge } from './bearer-challenge.js';
import { describeJwtError } from './describe-jwt-error.js';
import type { JwtVerifier } from './jwt-verifier.js';
import { principalFromClaims } from './token-claims.js';

/** `Bearer <token68>` (RFC 6750 §2.1); the scheme name is case-insensitive. */
const BEARER = /^bearer(?:\s+(.*))?$/is;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const KEYS_RETRY_AFTER_SECONDS = '30';

const rejected = (description: string): AuthResult => ({
  kind: 'rejected',
  reason: `invalid Bearer token: ${description}`,
  headers: invalidTokenChallenge(description),
});

/** The verifier for a token: with several issuers, the one its (not yet verified) `iss` names. */
function verifierFor(verifiers: readonly JwtVerifier[], token: string): JwtVerifier {
  if (verifiers.length === 1) return verifiers[0];
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    return verifiers[0]; // malformed: any verifier says so
  }
  return verifiers.find((verifier) => verifier.issuer === issuer) ?? verifiers[0];
}

/**
 * OAuth2 resource server: reads `Authorization: Bearer`, verifies the JWT with the issuer's verifier and
 * turns its claims into a principal. Other `Authorization` schemes are left to other authenticators.
 */
export function bearerAuthenticator(verifiers: readonly JwtVerifier[], logger: Logger): Authenticator {
  if (verifiers.length === 0) throw new Error('byo-engine: a Bearer authenticator needs at least one verifier');
  return {
    credentialHint: 'a Bearer token in the Authorization header',
    challenge: BEARER_CHALLENGE,
    scopeChallenge: insufficientScopeChallenge,
    async authenticate(request: EngineRequest): Promise<AuthResult> {
      const header = headerValue(request, 'authorization')?.trim();
      if (!header) return { kind: 'absent' };
      const bearer = BEARER.exec(header);
      if (!bearer) return { kind: 'absent' };
      const token = bearer[1]?.trim();
      if (!token || !TOKEN68.test(token)) return rejected('the Authorization header is not "Bearer <token>"');

      const verifier = verifierFor(verifiers, token);
      let principal;
      try {
        principal = principalFromClaims(await verifier.verify(token), verifier.issuer);
      } catch (error) {
        const failure = describeJwtError(error);
        if (failure.kind === 'invalid') return rejected(failure.description);
        logger.warn({ issuer: verifier.issuer, reason: (error as Error).message }, 'could not fetch the identity provider keys');
        return {
          kind: 'rejected',
          status: 503,
          reason: failure.description,
          headers: { 'retry-after': KEYS_RETRY_AFTER_SECONDS },
        };
      }
      if (!principal) return rejected('the token names no client (client_id, azp or sub)');
      return { kind: 'accepted', principal };
    },
  };
}
