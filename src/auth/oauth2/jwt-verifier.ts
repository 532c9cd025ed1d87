import { jwtVerify, type JWTPayload } from 'jose';
import { isArray } from '../../is-array.js';
import { allowedAlgorithms } from './key-algorithms.js';
import type { OAuth2Options } from './oauth2-options.js';
import { resolveVerificationKey } from './verification-key.js';

/** Verifies one issuer's tokens: signature, algorithm, `exp`, `nbf`, `iss`, `aud`. */
export interface JwtVerifier {
  readonly issuer: string;
  /** Resolves to the verified claims; rejects with jose's error otherwise. */
  verify(token: string): Promise<JWTPayload>;
}

const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;

function checkAudience(audience: OAuth2Options['audience']): string | string[] {
  const list = typeof audience === 'string' ? [audience] : audience;
  if (!isArray(list) || list.length === 0 || list.some((entry) => typeof entry !== 'string' || entry === '')) {
    throw new Error('byo-engine: auth.oauth2.audience must be a non-empty string or list of strings');
  }
  return typeof audience === 'string' ? audience : [...list];
}

/** Builds the verifier once: key source, allow-list and claim rules are fixed at start-up. */
export function createJwtVerifier(options: OAuth2Options): JwtVerifier {
  if (typeof options?.issuer !== 'string' || options.issuer === '') {
    throw new Error('byo-engine: auth.oauth2.issuer is required: the exact `iss` of your identity provider');
  }
  const audience = checkAudience(options.audience);
  const clockTolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (!(typeof clockTolerance === 'number' && clockTolerance >= 0)) {
    throw new Error('byo-engine: auth.oauth2.clockToleranceSeconds must be 0 or more');
  }
  const { key, kind } = resolveVerificationKey(options);
  const verifyOptions = {
    issuer: options.issuer,
    audience,
    algorithms: allowedAlgorithms(kind, options.algorithms),
    clockTolerance,
    // A token without an expiry would be valid forever.
    requiredClaims: ['exp'],
  };

  return {
    issuer: options.issuer,
    async verify(token) {
      // Two overloads (key or key function) need two calls for the type checker.
      const { payload } =
        typeof key === 'function' ? await jwtVerify(token, key, verifyOptions) : await jwtVerify(token, key, verifyOptions);
      return payload;
    },
  };
}
