// The built-in OAuth2 token endpoint (RFC 6749 client credentials), called over HTTP on every adapter row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { createByoEngine, type ByoEngine, type TranslateFunction } from 'byo-engine';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { expectErrorBody } from '../support/schema-check.js';
import { silentLogger, translateBody } from '../support/test-engine.js';
import { startIdentityProvider } from './support/identity-provider.js';
import { ALL_SCOPES, bearer, callOperation, send, type Answer } from './support/wire.js';

const PREFIX = '/api/byo';
const PHRASE_SECRET = 'phrase-secret-0123456789';
/** Characters that must be form-encoded inside HTTP Basic (RFC 6749 §2.3.1). */
const ODD_SECRET = 'odd:secret with+plus/and=equals%';

const principalEchoTranslator: TranslateFunction = (request, context) =>
  request.segments.map((segment) => `${context.principal.name}:${segment.text}`);

function tokenEndpointEngine(): ByoEngine {
  return createByoEngine({
    translate: principalEchoTranslator,
    languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
    auth: {
      tokenEndpoint: {
        clients: {
          phrase: { secret: PHRASE_SECRET },
          'translate-only': { secret: 'translate-only-secret-0123', scopes: ['translate:write'] },
          odd: { secret: ODD_SECRET },
        },
      },
    },
    logger: silentLogger,
  });
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

/** Asserts an RFC 6749 §5.2 error answer. */
function expectOAuthError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(Object.keys(answer.body as object).sort()).toEqual(['error', 'error_description']);
  expect((answer.body as { error: string }).error).toBe(code);
  expect(typeof (answer.body as { error_description: unknown }).error_description).toBe('string');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  if (code === 'invalid_client') expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm="byo-engine"/);
}

for (const row of adapterRows) {
  for (const hostBodyParser of [true, false]) {
    describe(`built-in token endpoint, ${row.name}, host body parser ${hostBodyParser ? 'on' : 'off'}`, () => {
      let app: RunningApp;
      let engine: ByoEngine;
      let base: string;
      const requestToken = (headers: Record<string, string>, body: string | URLSearchParams) =>
        send(`${base}/oauth/token`, { method: 'POST', headers: { 'content-type': FORM, ...headers }, body: String(body) });
      beforeAll(async () => {
        engine = tokenEndpointEngine();
        app = await row.start(engine, { prefix: PREFIX, hostBodyParser });
        base = `${app.origin}${PREFIX}`;
      });
      afterAll(async () => {
        await app.close();
        await engine.close();
      });

      it('issues a token for HTTP Basic credentials that the engine accepts and its JWKS verifies', async () => {
        const answer = await requestToken({ authorization: basic('phrase', PHRASE_SECRET) }, 'grant_type=client_credentials');
        expect(answer.status, answer.text).toBe(200);
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(answer.headers.get('pragma')).toBe('no-cache');
        const issued = answer.body as { access_token: string; token_type: string; expires_in: number; scope: string };
        expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: ALL_SCOPES });

        const translated = await callOperation(base, 'translateTexts', bearer(issued.access_token));
        expect(translated.status).toBe(200);
        expect((translated.body as { segments: { translatedText: string }[] }).segments[0].translatedText).toBe('phrase:segment 0');

        const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
        const { payload } = await jwtVerify(issued.access_token, jwks, { issuer: 'byo-engine', audience: 'byo-engine' });
        expect(payload).toMatchObject({ client_id: 'phrase', sub: 'phrase', scope: ALL_SCOPES });
        expect(decodeProtectedHeader(issued.access_token).alg).toBe('ES256');
      });

      it('takes the credentials from the form, and form-decodes them inside HTTP Basic', async () => {
        const viaForm = await requestToken(
          {},
          new URLSearchParams({ grant_type: 'client_credentials', client_id: 'odd', client_secret: ODD_SECRET }),
        );
        expect(viaForm.status, viaForm.text).toBe(200);
        const viaBasic = await requestToken({ authorization: basic('odd', ODD_SECRET) }, 'grant_type=client_credentials');
        expect(viaBasic.status, viaBasic.text).toBe(200);
      });

      it('grants the requested scopes only, and the engine enforces them', async () => {
        const narrow = await requestToken(
          { authorization: basic('phrase', PHRASE_SECRET) },
          'grant_type=client_credentials&scope=translate%3Awrite',
        );
        expect((narrow.body as { scope: string }).scope).toBe('translate:write');
        const token = (narrow.body as { access_token: string }).access_token;
        expect((await callOperation(base, 'translateTexts', bearer(token))).status).toBe(200);
        const denied = await callOperation(base, 'getLanguages', bearer(token));
        expect(denied.status).toBe(403);
        expectErrorBody(denied.body);
        expect(denied.body.error).toContain('languages:read');

        const limited = await requestToken(
          { authorization: basic('translate-only', 'translate-only-secret-0123') },
          'grant_type=client_credentials',
        );
        expect((limited.body as { scope: string }).scope).toBe('translate:write');
        const tooMuch = await requestToken(
          { authorization: basic('translate-only', 'translate-only-secret-0123') },
          'grant_type=client_credentials&scope=translate%3Awrite+languages%3Aread',
        );
        expectOAuthError(tooMuch, 400, 'invalid_scope');
        expectOAuthError(
          await requestToken({ authorization: basic('phrase', PHRASE_SECRET) }, 'grant_type=client_credentials&scope=admin'),
          400,
          'invalid_scope',
        );
      });

      it('answers invalid_client (401, Basic challenge) for a wrong secret, an unknown client and no credentials alike', async () => {
        const wrongSecret = await requestToken(
          { authorization: basic('phrase', 'wrong-secret-0123456789') },
          'grant_type=client_credentials',
        );
        expectOAuthError(wrongSecret, 401, 'invalid_client');
        const unknownClient = await requestToken({ authorization: basic('nobody', PHRASE_SECRET) }, 'grant_type=client_credentials');
        expectOAuthError(unknownClient, 401, 'invalid_client');
        expect(unknownClient.text).toBe(wrongSecret.text);
        const wrongFormSecret = await requestToken(
          {},
          `grant_type=client_credentials&client_id=phrase&client_secret=${encodeURIComponent(PHRASE_SECRET)}x`,
        );
        expect(wrongFormSecret.text).toBe(wrongSecret.text);
        expectOAuthError(await requestToken({}, 'grant_type=client_credentials'), 401, 'invalid_client');
      });

      it('answers malformed requests with invalid_request or unsupported_grant_type (400)', async () => {
        const auth = { authorization: basic('phrase', PHRASE_SECRET) };
        expectOAuthError(await requestToken(auth, 'grant_type=password'), 400, 'unsupported_grant_type');
        expectOAuthError(await requestToken(auth, 'scope=translate%3Awrite'), 400, 'invalid_request');
        expectOAuthError(await requestToken(auth, 'grant_type=client_credentials&grant_type=client_credentials'), 400, 'invalid_request');
        expectOAuthError(
          await requestToken({ ...auth }, `grant_type=client_credentials&client_id=phrase&client_secret=${PHRASE_SECRET}`),
          400,
          'invalid_request',
        );
        expectOAuthError(await requestToken({ authorization: 'Basic %%%' }, 'grant_type=client_credentials'), 400, 'invalid_request');
        expectOAuthError(
          await requestToken({ authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` }, 'grant_type=client_credentials'),
          400,
          'invalid_request',
        );
        const json = await send(`${base}/oauth/token`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credentials' }),
        });
        expectOAuthError(json, 400, 'invalid_request');
        expect((json.body as { error_description: string }).error_description).toContain('application/x-www-form-urlencoded');
      });

      it('serves the public key only, and answers other methods with a JSON 405', async () => {
        const jwks = await send(`${base}/.well-known/jwks.json`);
        expect(jwks.status).toBe(200);
        const keys = (jwks.body as { keys: Record<string, unknown>[] }).keys;
        expect(keys).toHaveLength(1);
        expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
        expect(keys[0]).not.toHaveProperty('d');
        const wrongMethod = await send(`${base}/oauth/token`);
        expect(wrongMethod.status).toBe(405);
        expectErrorBody(wrongMethod.body);
      });
    });
  }
}

describe('token endpoint next to an identity provider', () => {
  it('accepts tokens of both issuers, and refuses an issuer shared by both', async () => {
    const provider = await startIdentityProvider();
    const options = {
      translate: principalEchoTranslator,
      languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
      logger: silentLogger,
    };
    const engine = createByoEngine({
      ...options,
      auth: {
        oauth2: { issuer: provider.issuer, audience: 'byo-engine', jwksUri: provider.jwksUri },
        tokenEndpoint: { clients: { local: { secret: PHRASE_SECRET } } },
      },
    });
    const fromProvider = await provider.fetchToken({ clientId: 'remote', scope: ALL_SCOPES, audience: 'byo-engine' });
    const issued = await engine.handle({
      method: 'POST',
      path: '/oauth/token',
      headers: { 'content-type': FORM, authorization: basic('local', PHRASE_SECRET) },
      body: { kind: 'bytes', bytes: 'grant_type=client_credentials' },
    });
    const fromEndpoint = (JSON.parse(issued.body) as { access_token: string }).access_token;
    for (const [token, name] of [
      [fromProvider, 'remote'],
      [fromEndpoint, 'local'],
    ]) {
      const answer = await engine.handle({
        method: 'POST',
        path: '/translate',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: { kind: 'bytes', bytes: JSON.stringify(translateBody(1)) },
      });
      expect(answer.status, answer.body).toBe(200);
      expect(JSON.parse(answer.body).segments[0].translatedText).toBe(`${name}:segment 0`);
    }
    await engine.close();
    await provider.stop();
    expect(() =>
      createByoEngine({
        ...options,
        auth: {
          oauth2: { issuer: 'byo-engine', audience: 'byo-engine', jwksUri: provider.jwksUri },
          tokenEndpoint: { clients: { local: { secret: PHRASE_SECRET } } },
        },
      }),
    ).toThrow(/issuer must differ/);
  });
});

describe('token endpoint with a configured signing key', () => {
  it('issues tokens that another instance with the same key accepts, and one with its own key refuses', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const instance = (signingKey?: string) =>
      createByoEngine({
        translate: principalEchoTranslator,
        languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
        auth: { tokenEndpoint: { clients: { phrase: { secret: PHRASE_SECRET } }, signingKey, expiresInSeconds: 600 } },
        logger: silentLogger,
      });
    const first = instance(pem);
    const issued = await first.handle({
      method: 'POST',
      path: '/oauth/token',
      headers: { 'content-type': FORM },
      body: { kind: 'bytes', bytes: `grant_type=client_credentials&client_id=phrase&client_secret=${PHRASE_SECRET}` },
    });
    const body = JSON.parse(issued.body) as { access_token: string; expires_in: number };
    expect(body.expires_in).toBe(600);
    expect(decodeProtectedHeader(body.access_token).alg).toBe('RS256');
    const statusAt = async (engine: ByoEngine) =>
      (await engine.handle({ method: 'POST', path: '/languages', headers: bearer(body.access_token) })).status;
    const second = instance(pem);
    const unrelated = instance();
    expect(await statusAt(second)).toBe(200);
    expect(await statusAt(unrelated)).toBe(401);
    await Promise.all([first.close(), second.close(), unrelated.close()]);
  });
});
