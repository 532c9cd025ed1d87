import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { requireNodeBuiltin } from '../../runtime/node-builtins.js';
import type { KeyKind } from '../oauth2/key-algorithms.js';
import { publicKeyKind } from '../oauth2/verification-key.js';
import type { TokenEndpointOptions } from './token-endpoint-options.js';

/** The key the token endpoint signs with, and what it publishes at `/.well-known/jwks.json`. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly algorithm: string;
  readonly kid: string;
  readonly publicJwk: JWK;
}

const ALGORITHM_BY_KIND: Partial<Record<KeyKind, string>> = {
  rsa: 'RS256',
  'rsa-pss': 'PS256',
  'ec-p256': 'ES256',
  'ec-p384': 'ES384',
  'ec-p521': 'ES512',
  okp: 'EdDSA',
};

/** RFC 7638 members of a public JWK, by key type. */
const THUMBPRINT_MEMBERS: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  OKP: ['crv', 'kty', 'x'],
};

/** Keys are node:crypto KeyObjects (loaded without a static import: see node-builtins.ts). */
const nodeCrypto = () => requireNodeBuiltin('node:crypto', 'The token endpoint (auth.tokenEndpoint)');

/** RFC 7638 thumbprint: a stable `kid` for a given key. */
function thumbprint(jwk: JWK): string {
  const members = THUMBPRINT_MEMBERS[jwk.kty ?? ''] ?? [];
  const canonical = JSON.stringify(Object.fromEntries(members.map((member) => [member, jwk[member as keyof JWK]])));
  return nodeCrypto().createHash('sha256').update(canonical).digest('base64url');
}

function toPrivateKey(signingKey: NonNullable<TokenEndpointOptions['signingKey']>): KeyObject {
  const { createPrivateKey, KeyObject } = nodeCrypto();
  let key: KeyObject;
  try {
    if (typeof signingKey === 'string') key = createPrivateKey(signingKey);
    else if (signingKey instanceof KeyObject) key = signingKey;
    else key = createPrivateKey({ key: signingKey as JWK & { kty: string }, format: 'jwk' });
  } catch (error) {
    throw new Error(`byo-engine: auth.tokenEndpoint.signingKey is not a usable private key (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (key.type !== 'private') throw new Error('byo-engine: auth.tokenEndpoint.signingKey must be an asymmetric private key');
  return key;
}

/** Loads the configured key, or generates an ES256 key pair. Synchronous: runs once at start-up. */
export function loadSigningKey(signingKey: TokenEndpointOptions['signingKey']): SigningKey {
  const { createPublicKey, generateKeyPairSync } = nodeCrypto();
  const privateKey = signingKey === undefined ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : toPrivateKey(signingKey);
  const publicKey = createPublicKey(privateKey);
  const algorithm = ALGORITHM_BY_KIND[publicKeyKind(publicKey)];
  if (!algorithm) throw new Error('byo-engine: auth.tokenEndpoint.signingKey has an unsupported key type');
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = thumbprint(jwk);
  return { privateKey, publicKey, algorithm, kid, publicJwk: Object.freeze({ ...jwk, kid, alg: algorithm, use: 'sig' }) };
}
