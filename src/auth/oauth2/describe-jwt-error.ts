import { errors } from 'jose';
import { KeysUnavailableError } from './verification-key.js';

/** Why a token failed, in words safe to send back (never the token or its claims' values). */
export type JwtFailure =
  | { readonly kind: 'invalid'; readonly description: string }
  /** The provider's keys could not be fetched: not the caller's fault. */
  | { readonly kind: 'unavailable'; readonly description: string };

const invalid = (description: string): JwtFailure => ({ kind: 'invalid', description });

function claimFailure(claim: string): JwtFailure {
  switch (claim) {
    case 'nbf':
      return invalid('the token is not valid yet (nbf)');
    case 'iss':
      return invalid('the token was issued by another issuer (iss)');
    case 'aud':
      return invalid('the token is meant for another audience (aud)');
    case 'exp':
      return invalid('the token has no expiry (exp)');
    default:
      return invalid('the token has an invalid claim');
  }
}

/** Maps jose's errors to RFC 6750 error descriptions. */
export function describeJwtError(error: unknown): JwtFailure {
  if (error instanceof KeysUnavailableError) {
    return { kind: 'unavailable', description: "the identity provider's signing keys could not be fetched; retry later" };
  }
  if (error instanceof errors.JWTExpired) return invalid('the token has expired (exp)');
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error.claim);
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('the token is signed with an algorithm that is not accepted');
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('the token signature does not verify');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return invalid('the token is signed with a key the identity provider does not publish');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return invalid('the token is malformed');
  return invalid('the token is invalid');
}
