// OAuth2 key sources (public key, shared secret, JWKS), the JWKS cooldown, and start-up checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createByoEngine, type AuthOptions, type ByoEngine } from 'byo-engine';
import { expectErrorBody } from '../support/schema-check.js';
import { silentLogger } from '../support/test-engine.js';
import { claimsOf, otherKeyToken } from './support/forged-tokens.js';
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.js';
import { ALL_SCOPES, bearer } from './support/wire.js';

const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'byo';
const SECRET = 'a-shared-hmac-secret-of-32-bytes!!';

const engineWith = (auth: AuthOptions): ByoEngine =>
  createByoEngine({
    translate: (request) => request.segments.map(() => 'x'),
    languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
    auth,
    logger: silentLogger,
  });

const claims = (extra: JWTPayload = {}): JWTPayload => ({ client_id: 'c', scope: ALL_SCOPES, ...extra });

async function sign(key: Parameters<SignJWT['sign']>[0], alg: string, extra: JWTPayload = {}): Promise<string> {
  return new SignJWT(claims(extra)).setProtectedHeader({ alg }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(key);
}

async function statusOf(engine: ByoEngine, token: string): Promise<number> {
  const answer = await engine.handle({ method: 'POST', path: '/languages', headers: bearer(token) });
  if (answer.status !== 200) expectErrorBody(JSON.parse(answer.body));
  return answer.status;
}

describe('key sources', () => {
  it('verifies with a PEM public key, allowing only the algorithms of its kind', async () => {
    // Node KeyObjects, which jose may use for both RSA families.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const engine = engineWith({ oauth2: { issuer: ISSUER, audience: AUDIENCE, publicKey: pem } });
    expect(await statusOf(engine, await sign(rsa.privateKey, 'RS256'))).toBe(200);
    expect(await statusOf(engine, await sign(rsa.privateKey, 'PS256'))).toBe(200);
    expect(await statusOf(engine, await sign(new TextEncoder().encode(pem), 'HS256'))).toBe(401);
    const ec = await generateKeyPair('ES256');
    expect(await statusOf(engine, await sign(ec.privateKey, 'ES256'))).toBe(401);
  });

  it('verifies with a public JWK (EC P-256: ES256 only)', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true });
    const engine = engineWith({ oauth2: { issuer: ISSUER, audience: [AUDIENCE, 'other'], publicKey: await exportJWK(ec.publicKey) } });
    expect(await statusOf(engine, await sign(ec.privateKey, 'ES256'))).toBe(200);
    const otherEc = await generateKeyPair('ES256');
    expect(await statusOf(engine, await sign(otherEc.privateKey, 'ES256'))).toBe(401);
  });

  it('verifies HMAC tokens with a shared secret, and refuses another secret', async () => {
    const engine = engineWith({ oauth2: { issuer: ISSUER, audience: AUDIENCE, secret: SECRET, algorithms: ['HS256'] } });
    expect(await statusOf(engine, await sign(new TextEncoder().encode(SECRET), 'HS256'))).toBe(200);
    expect(await statusOf(engine, await sign(new TextEncoder().encode(`${SECRET}?`), 'HS256'))).toBe(401);
    expect(await statusOf(engine, await sign(new TextEncoder().encode(SECRET), 'HS512'))).toBe(401);
  });
});

describe('start-up checks', () => {
  const base = { issuer: ISSUER, audience: AUDIENCE };
  it.each([
    ['no key source', { ...base }, /exactly one of jwksUri, publicKey or secret/],
    ['two key sources', { ...base, jwksUri: 'https://idp.example.test/jwks', secret: SECRET }, /exactly one/],
    ['alg none', { ...base, jwksUri: 'https://idp.example.test/jwks', algorithms: ['none'] }, /"none"/],
    ['HMAC with a JWKS', { ...base, jwksUri: 'https://idp.example.test/jwks', algorithms: ['RS256', 'HS256'] }, /"HS256"/],
    ['RSA with a secret', { ...base, secret: SECRET, algorithms: ['RS256'] }, /"RS256"/],
    ['a short secret', { ...base, secret: 'short' }, /at least 32 bytes/],
    ['a JWKS URI that is no URL', { ...base, jwksUri: 'idp/jwks' }, /not a URL/],
    ['no issuer', { audience: AUDIENCE, secret: SECRET }, /issuer is required/],
    ['an empty audience', { issuer: ISSUER, audience: [], secret: SECRET }, /audience/],
    ['a public key that is not a key', { ...base, publicKey: 'not a pem' }, /not a usable public key/],
  ])('refuses %s', (_name, oauth2, message) => {
    expect(() => engineWith({ oauth2 } as AuthOptions)).toThrow(message);
  });

  it('refuses unknown scopes and weak secrets in API tokens and token endpoint clients', () => {
    expect(() => engineWith({ apiTokens: { a: { token: 'a-long-enough-token-123', scopes: ['translate:wirte'] } } })).toThrow(
      /unknown scope "translate:wirte"/,
    );
    expect(() => engineWith({ apiTokens: { a: { token: ['a-long-enough-token-123', 'short'] } } })).toThrow(/at least 16 characters/);
    expect(() => engineWith({ apiTokens: { a: { token: [] } } })).toThrow(/at least 16 characters/);
    expect(() => engineWith({ tokenEndpoint: { clients: { a: { secret: 'short' } } } })).toThrow(/at least 16 characters/);
    expect(() => engineWith({ tokenEndpoint: { clients: {} } })).toThrow(/at least one client/);
    expect(() => engineWith({ tokenEndpoint: { clients: { a: { secret: 'long-enough-secret-1', scopes: ['x'] } } } })).toThrow(
      /unknown scope/,
    );
  });
});

describe('remote JWKS', () => {
  let provider: IdentityProvider;
  beforeAll(async () => {
    provider = await startIdentityProvider();
  });
  afterAll(() => provider.stop());

  it('fetches the JWKS once for a flood of unknown kids within the cooldown', async () => {
    const engine = engineWith({
      oauth2: { issuer: provider.issuer, audience: AUDIENCE, jwksUri: provider.jwksUri, jwksCooldownMs: 3_600_000 },
    });
    const genuine = await provider.fetchToken({ clientId: 'c', scope: ALL_SCOPES, audience: AUDIENCE });
    const forged = await Promise.all(Array.from({ length: 20 }, (_, index) => otherKeyToken(claimsOf(genuine), `bogus-${index}`, 'ES256')));
    const statuses = await Promise.all(forged.map((token) => statusOf(engine, token)));
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(provider.jwksFetches()).toBe(1);
    // A new key inside the cooldown is not fetched either; the known key still works.
    const newKid = await provider.rotateKey();
    const rotated = await provider.fetchToken({ clientId: 'c', scope: ALL_SCOPES, audience: AUDIENCE, kid: newKid });
    expect(await statusOf(engine, rotated)).toBe(401);
    expect(provider.jwksFetches()).toBe(1);
    expect(await statusOf(engine, genuine)).toBe(200);
    await engine.close();
  });

  it('answers 503 with Retry-After when the identity provider cannot be reached, and logs why without the token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const warnings: string[] = [];
    const engine = createByoEngine({
      translate: () => [],
      languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
      auth: { oauth2: { issuer: provider.issuer, audience: AUDIENCE, jwksUri: `http://127.0.0.1:${port}/jwks` } },
      logger: { ...silentLogger, warn: (details, message) => void warnings.push(`${message} ${JSON.stringify(details)}`) },
    });
    const token = await provider.fetchToken({ clientId: 'c', scope: ALL_SCOPES, audience: AUDIENCE });
    const answer = await engine.handle({ method: 'POST', path: '/languages', headers: bearer(token) });
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('30');
    expectErrorBody(JSON.parse(answer.body));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('identity provider');
    expect(warnings[0]).not.toContain(token);
    await engine.close();
  });
});
