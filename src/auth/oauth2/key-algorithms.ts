import { isArray } from '../../is-array.js';

/** The kinds of verification key, and the JWS algorithms each may verify. */
export type KeyKind = 'rsa' | 'rsa-pss' | 'ec-p256' | 'ec-p384' | 'ec-p521' | 'okp' | 'any-asymmetric' | 'hmac';

const RSA = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const PSS = ['PS256', 'PS384', 'PS512'];
const OKP = ['EdDSA', 'Ed25519'];
const HMAC = ['HS256', 'HS384', 'HS512'];

const ALGORITHMS_BY_KIND: Record<KeyKind, readonly string[]> = {
  rsa: RSA,
  'rsa-pss': PSS,
  'ec-p256': ['ES256'],
  'ec-p384': ['ES384'],
  'ec-p521': ['ES512'],
  okp: OKP,
  // A JWKS may hold keys of several kinds; jose picks the key whose type fits the token's `alg`.
  'any-asymmetric': [...RSA, 'ES256', 'ES384', 'ES512', ...OKP],
  hmac: HMAC,
};

/**
 * The allow-list for a key: the requested algorithms, each checked against the key's kind, or every
 * algorithm of that kind. `none` is never allowed, and HMAC never with a public key (the classic
 * "public key used as HMAC secret" forgery).
 */
export function allowedAlgorithms(kind: KeyKind, requested: readonly string[] | undefined): string[] {
  const fitting = ALGORITHMS_BY_KIND[kind];
  if (requested === undefined) return [...fitting];
  if (!isArray(requested) || requested.length === 0) {
    throw new Error('byo-engine: auth.oauth2.algorithms must be a non-empty list, or left out');
  }
  for (const algorithm of requested) {
    if (!fitting.includes(algorithm)) {
      throw new Error(
        `byo-engine: auth.oauth2.algorithms lists ${JSON.stringify(algorithm)}, which this key cannot verify safely; ` +
          `allowed for it: ${fitting.join(', ')}`,
      );
    }
  }
  return [...requested];
}
