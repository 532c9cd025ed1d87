import { createPublicKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a genuine token, to forge tokens that differ from it only in how they are signed. */
export const claimsOf = (token: string): JWTPayload => decodeJwt(token);

/** An unsecured JWT (`alg: none`, empty signature) with genuine claims. */
export function unsignedToken(claims: JWTPayload): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

/** The "key confusion" forgery: HS256 with the provider's RSA public key (PEM) as the HMAC secret. */
export async function publicKeyAsHmacSecretToken(claims: JWTPayload, providerJwk: Record<string, unknown>): Promise<string> {
  const pem = createPublicKey({ key: providerJwk as { kty: string }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: String(providerJwk.kid), typ: 'JWT' })
    .sign(new TextEncoder().encode(String(pem)));
}

/** Genuine claims signed with a key the provider never had, under `kid` (the provider's, or a new one). */
export async function otherKeyToken(claims: JWTPayload, kid: string, alg = 'RS256'): Promise<string> {
  const { privateKey } = await generateKeyPair(alg);
  return new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey);
}

export const kidOf = (token: string): string => String(decodeProtectedHeader(token).kid);
