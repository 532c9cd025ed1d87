import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWK, type JWTVerifyGetKey } from 'jose';
import type { KeyKind } from './key-algorithms.js';
import type { OAuth2Options } from './oauth2-options.js';
import { requireNodeBuiltin } from '../../runtime/node-builtins.js';

/** What jose verifies signatures with, and which kind of key it is (for the algorithm allow-list). */
export interface VerificationKey {
  readonly key: KeyObject | Uint8Array | JWTVerifyGetKey;
  readonly kind: KeyKind;
}

const MIN_SECRET_BYTES = 32;
const JWKS_FETCH_TIMEOUT_MS = 5_000;
export const DEFAULT_JWKS_COOLDOWN_MS = 30_000;

function curveKind(namedCurve: string | undefined): KeyKind {
  if (namedCurve === 'prime256v1' || namedCurve === 'P-256') return 'ec-p256';
  if (namedCurve === 'secp384r1' || namedCurve === 'P-384') return 'ec-p384';
  if (namedCurve === 'secp521r1' || namedCurve === 'P-521') return 'ec-p521';
  throw new Error(`byo-engine: auth.oauth2.publicKey uses the unsupported curve ${namedCurve}`);
}

/** The kind of an asymmetric public key, as jose's algorithms see it. */
export function publicKeyKind(key: KeyObject): KeyKind {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'rsa';
    case 'rsa-pss':
      return 'rsa-pss';
    case 'ec':
      return curveKind(key.asymmetricKeyDetails?.namedCurve);
    case 'ed25519':
      return 'okp';
    default:
      throw new Error(`byo-engine: auth.oauth2.publicKey has the unsupported key type ${key.asymmetricKeyType}`);
  }
}

function toPublicKeyObject(publicKey: string | JWK | KeyObject): KeyObject {
  // node:crypto reads PEM, certificates and JWKs into the KeyObject jose verifies with (jwksUri and secret need none).
  const { createPublicKey, KeyObject, X509Certificate } = requireNodeBuiltin('node:crypto', 'auth.oauth2.publicKey');
  const isKeyObject = (key: object): key is KeyObject => key instanceof KeyObject;
  let key: KeyObject;
  try {
    if (typeof publicKey === 'string') {
      key = publicKey.includes('BEGIN CERTIFICATE') ? new X509Certificate(publicKey).publicKey : createPublicKey(publicKey);
    } else if (isKeyObject(publicKey)) {
      key = publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
    } else {
      key = createPublicKey({ key: publicKey as JWK & { kty: string }, format: 'jwk' });
    }
  } catch (error) {
    throw new Error(`byo-engine: auth.oauth2.publicKey is not a usable public key (${(error as Error).message})`, { cause: error });
  }
  if (key.type !== 'public')
    throw new Error('byo-engine: auth.oauth2.publicKey must be an asymmetric key; use auth.oauth2.secret for HMAC');
  return key;
}

function jwksUrl(jwksUri: string): URL {
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    throw new Error(`byo-engine: auth.oauth2.jwksUri is not a URL: ${JSON.stringify(jwksUri)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('byo-engine: auth.oauth2.jwksUri must be an https URL');
  return url;
}

/** The identity provider's keys could not be fetched or read: the provider's fault, not the caller's. */
export class KeysUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`identity provider keys unavailable: ${reason}`);
    this.name = 'KeysUnavailableError';
  }
}

/** Tells "no key for this token" (the caller's problem) apart from "could not get the keys" (the provider's). */
function markUnavailable(getKey: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await getKey(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeysUnavailableError(error instanceof Error ? error.message : String(error));
    }
  };
}

/** Turns the configured key source into a jose key, once at start-up. */
export function resolveVerificationKey(options: OAuth2Options): VerificationKey {
  const sources = [options.jwksUri, options.publicKey, options.secret].filter((source) => source !== undefined);
  if (sources.length !== 1) {
    throw new Error('byo-engine: auth.oauth2 needs exactly one of jwksUri, publicKey or secret');
  }
  if (options.jwksUri !== undefined) {
    const cooldownDuration = options.jwksCooldownMs ?? DEFAULT_JWKS_COOLDOWN_MS;
    if (!(typeof cooldownDuration === 'number' && cooldownDuration >= 0)) {
      throw new Error('byo-engine: auth.oauth2.jwksCooldownMs must be a number of milliseconds, 0 or more');
    }
    const remote = createRemoteJWKSet(jwksUrl(options.jwksUri), { cooldownDuration, timeoutDuration: JWKS_FETCH_TIMEOUT_MS });
    return { key: markUnavailable(remote), kind: 'any-asymmetric' };
  }
  if (options.publicKey !== undefined) {
    const key = toPublicKeyObject(options.publicKey);
    return { key, kind: publicKeyKind(key) };
  }
  const secret = typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
  if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_SECRET_BYTES) {
    throw new Error(`byo-engine: auth.oauth2.secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return { key: secret, kind: 'hmac' };
}
