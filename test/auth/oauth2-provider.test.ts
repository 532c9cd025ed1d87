// OAuth2 resource-server behaviour against a real identity provider on loopback, on every adapter row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createByoEngine, type ByoEngine, type OperationId, type TranslateFunction } from 'byo-engine';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { expectErrorBody } from '../support/schema-check.js';
import { API_TOKEN, silentLogger } from '../support/test-engine.js';
import { claimsOf, kidOf, otherKeyToken, publicKeyAsHmacSecretToken, unsignedToken } from './support/forged-tokens.js';
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.js';
import { ALL_SCOPES, bearer, callOperation, expectUnauthorized, finishedJob, operations } from './support/wire.js';

const AUDIENCE = 'https://byo.example.test';
const PREFIX = '/api/byo';

/** Answers with the caller's name, so tests see which principal a token became. */
const principalEchoTranslator: TranslateFunction = (request, context) =>
  request.segments.map((segment) => `${context.principal.name}:${segment.text}`);

function engineFor(provider: IdentityProvider, jwksCooldownMs?: number): ByoEngine {
  return createByoEngine({
    translate: principalEchoTranslator,
    languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
    auth: {
      apiTokens: { phrase: API_TOKEN },
      oauth2: { issuer: provider.issuer, audience: AUDIENCE, jwksUri: provider.jwksUri, jwksCooldownMs },
    },
    logger: silentLogger,
  });
}

let provider: IdentityProvider;
beforeAll(async () => {
  provider = await startIdentityProvider();
});
afterAll(() => provider.stop());

const token = (clientId = 'phrase-client', scope = ALL_SCOPES, change?: Parameters<IdentityProvider['fetchToken']>[0]['change']) =>
  provider.fetchToken({ clientId, scope, audience: AUDIENCE, change });

for (const row of adapterRows) {
  describe(`OAuth2 Bearer tokens from an identity provider, ${row.name}`, () => {
    let app: RunningApp;
    let engine: ByoEngine;
    let base: string;
    beforeAll(async () => {
      engine = engineFor(provider);
      app = await row.start(engine, { prefix: PREFIX, hostBodyParser: true });
      base = `${app.origin}${PREFIX}`;
    });
    afterAll(async () => {
      await app.close();
      await engine.close();
    });

    it('admits a valid token on every operation, as the client the token names', async () => {
      const headers = bearer(await token());
      for (const operationId of ['getLanguages', 'getStatus', 'translateTexts', 'translateAsync'] as OperationId[]) {
        const answer = await callOperation(base, operationId, headers);
        expect(answer.status, `${operationId}: ${answer.text}`).toBe(200);
      }
      const translated = await callOperation(base, 'translateTexts', headers);
      expect((translated.body as { segments: { translatedText: string }[] }).segments[0].translatedText).toBe('phrase-client:segment 0');
      const jobId = await finishedJob(base, headers);
      expect((await callOperation(base, 'translateAsyncStatus', headers, jobId)).body).toEqual({ status: 'done' });
      const result = await callOperation(base, 'translateAsyncResult', headers, jobId);
      expect(result.status).toBe(200);
      expect((result.body as { segments: { translatedText: string }[] }).segments[0].translatedText).toBe('phrase-client:segment 0');
    });

    it('answers 403 naming the scope when the token lacks exactly that operation scope', async () => {
      const jobId = await finishedJob(base, bearer(await token()));
      for (const operation of operations) {
        const others = operations.filter((other) => other !== operation).map((other) => other.scope);
        const answer = await callOperation(base, operation.id, bearer(await token('phrase-client', others.join(' '))), jobId);
        expect(answer.status, `${operation.id}: ${answer.text}`).toBe(403);
        expectErrorBody(answer.body);
        expect(answer.body.error).toContain(operation.scope);
        expect(answer.headers.get('www-authenticate')).toBe(
          `Bearer realm="byo-engine", error="insufficient_scope", scope="${operation.scope}"`,
        );
      }
    });

    it('reads scopes from an `scp` list as well', async () => {
      const scpToken = await token('scp-client', '', (payload) => {
        delete payload.scope;
        payload.scp = ['translate:write'];
      });
      expect((await callOperation(base, 'translateTexts', bearer(scpToken))).status).toBe(200);
      const denied = await callOperation(base, 'getLanguages', bearer(scpToken));
      expect(denied.status).toBe(403);
      expect((denied.body as { error: string }).error).toContain('languages:read');
    });

    it('names the principal by client_id, else azp, else sub', async () => {
      const translatedBy = async (change: (payload: Record<string, unknown>) => void) => {
        const answer = await callOperation(base, 'translateTexts', bearer(await token('ignored', ALL_SCOPES, change)));
        return (answer.body as { segments: { translatedText: string }[] }).segments[0].translatedText.split(':')[0];
      };
      expect(await translatedBy((payload) => Object.assign(payload, { azp: 'azp-name', sub: 'sub-name' }))).toBe('ignored');
      expect(
        await translatedBy((payload) => {
          delete payload.client_id;
          Object.assign(payload, { azp: 'azp-name', sub: 'sub-name' });
        }),
      ).toBe('azp-name');
      expect(
        await translatedBy((payload) => {
          delete payload.client_id;
          payload.sub = 'sub-name';
        }),
      ).toBe('sub-name');
      const nameless = await token('ignored', ALL_SCOPES, (payload) => void delete payload.client_id);
      expectUnauthorized(await callOperation(base, 'getLanguages', bearer(nameless)), true);
    });

    it('answers 401 with an invalid_token challenge for expired, early, foreign-issuer and foreign-audience tokens', async () => {
      const now = Math.floor(Date.now() / 1000);
      const cases: [string, Promise<string>, string][] = [
        ['expired', token('c', ALL_SCOPES, (p) => Object.assign(p, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 })), 'expired'],
        ['not yet valid', token('c', ALL_SCOPES, (p) => Object.assign(p, { nbf: now + 3600 })), 'not valid yet'],
        ['wrong issuer', token('c', ALL_SCOPES, (p) => Object.assign(p, { iss: 'https://other-issuer.example.test' })), 'issuer'],
        ['wrong audience', provider.fetchToken({ clientId: 'c', scope: ALL_SCOPES, audience: 'https://other.example.test' }), 'audience'],
        ['no expiry', token('c', ALL_SCOPES, (p) => void delete p.exp), 'expiry'],
      ];
      for (const [name, pending, words] of cases) {
        const answer = await callOperation(base, 'translateTexts', bearer(await pending));
        expectUnauthorized(answer, true);
        expect((answer.body as { error: string }).error, name).toContain(words);
        expect(answer.headers.get('www-authenticate'), name).toContain(words);
      }
    });

    it('refuses forged tokens: alg none, HS256 keyed with the public key, another key under the same or a new kid', async () => {
      const genuine = await token();
      const claims = claimsOf(genuine);
      const forgeries: [string, string, string][] = [
        ['alg none', unsignedToken(claims), 'algorithm that is not accepted'],
        [
          'HS256 with the RSA public key as secret',
          await publicKeyAsHmacSecretToken(claims, provider.firstPublicJwk()),
          'algorithm that is not accepted',
        ],
        ["another key under the provider's kid", await otherKeyToken(claims, kidOf(genuine)), 'signature does not verify'],
        ['another key under a new kid', await otherKeyToken(claims, 'attacker-key', 'ES256'), 'key the identity provider does not publish'],
      ];
      for (const [name, forged, words] of forgeries) {
        const answer = await callOperation(base, 'translateTexts', bearer(forged));
        expect(answer.status, name).toBe(401);
        expectUnauthorized(answer, true);
        expect((answer.body as { error: string }).error, name).toContain(words);
      }
      expect((await callOperation(base, 'translateTexts', bearer(genuine))).status).toBe(200);
    });

    it('answers garbage in the Authorization header with 401, never a crash', async () => {
      const garbage = [
        'Bearer',
        'Bearer    ',
        'Bearer not-a-jwt',
        'Bearer a.b.c',
        'Bearer ..',
        'bearer eyJ.eyJ.sig',
        'Bearer a b',
        'Bearer {"alg":"none"}',
        `Bearer ${'A'.repeat(6000)}`,
      ];
      for (const value of garbage) {
        const answer = await callOperation(base, 'translateTexts', { authorization: value });
        expectUnauthorized(answer, true);
      }
      for (const value of ['garbage', 'Basic !!!', 'Token abc', '']) {
        const answer = await callOperation(base, 'translateTexts', value === '' ? {} : { authorization: value });
        expectUnauthorized(answer, false);
        expect((answer.body as { error: string }).error).toContain('Bearer token');
      }
      // The app is still serving.
      expect((await callOperation(base, 'getLanguages', bearer(await token()))).status).toBe(200);
    });

    it('with both schemes present, admits when either one is valid and refuses when both are wrong', async () => {
      const valid = await token();
      const validApiWrongBearer = await callOperation(base, 'translateTexts', {
        'x-api-token': API_TOKEN,
        authorization: 'Bearer wrong.token.here',
      });
      expect(validApiWrongBearer.status).toBe(200);
      expect((validApiWrongBearer.body as { segments: { translatedText: string }[] }).segments[0].translatedText).toBe('phrase:segment 0');
      const wrongApiValidBearer = await callOperation(base, 'translateTexts', {
        'x-api-token': 'wrong-token-0123456789',
        ...bearer(valid),
      });
      expect(wrongApiValidBearer.status).toBe(200);
      expect((wrongApiValidBearer.body as { segments: { translatedText: string }[] }).segments[0].translatedText).toBe(
        'phrase-client:segment 0',
      );
      const bothWrong = await callOperation(base, 'translateTexts', {
        'x-api-token': 'wrong-token-0123456789',
        authorization: 'Bearer wrong.token.here',
      });
      expect(bothWrong.status).toBe(401);
      expectErrorBody(bothWrong.body);
    });

    it("hides one client's jobs from another: 404 with the body of an unknown id", async () => {
      const ownerHeaders = bearer(await token('owner-client'));
      const otherHeaders = bearer(await token('other-client'));
      const jobId = await finishedJob(base, ownerHeaders);
      const unknownId = `${jobId.slice(0, -4)}zzzz`;
      for (const operationId of ['translateAsyncStatus', 'translateAsyncResult'] as OperationId[]) {
        const foreign = await callOperation(base, operationId, otherHeaders, jobId);
        const unknown = await callOperation(base, operationId, otherHeaders, unknownId);
        expect(foreign.status).toBe(404);
        expect(unknown.status).toBe(404);
        expect(foreign.text).toBe(unknown.text.replace(unknownId, jobId));
        // The API token caller is another principal too.
        const apiCaller = await callOperation(base, operationId, { 'x-api-token': API_TOKEN }, jobId);
        expect(apiCaller.text).toBe(foreign.text);
        expect((await callOperation(base, operationId, ownerHeaders, jobId)).status).toBe(200);
      }
    });
  });

  describe(`OAuth2 key rotation at the identity provider, ${row.name}`, () => {
    let rotatingProvider: IdentityProvider;
    let app: RunningApp;
    let engine: ByoEngine;
    beforeAll(async () => {
      rotatingProvider = await startIdentityProvider();
      // Cooldown 0: an unknown kid refetches at once, so the test needs no clock.
      engine = engineFor(rotatingProvider, 0);
      app = await row.start(engine, { prefix: PREFIX, hostBodyParser: false });
    });
    afterAll(async () => {
      await app.close();
      await engine.close();
      await rotatingProvider.stop();
    });

    it('accepts tokens signed with a new key without a restart', async () => {
      const base = `${app.origin}${PREFIX}`;
      const first = await rotatingProvider.fetchToken({ clientId: 'c', scope: ALL_SCOPES, audience: AUDIENCE });
      expect((await callOperation(base, 'getLanguages', bearer(first))).status).toBe(200);
      expect(rotatingProvider.jwksFetches()).toBe(1);
      const newKid = await rotatingProvider.rotateKey();
      const rotated = await rotatingProvider.fetchToken({ clientId: 'c', scope: ALL_SCOPES, audience: AUDIENCE, kid: newKid });
      expect(kidOf(rotated)).not.toBe(kidOf(first));
      expect((await callOperation(base, 'getLanguages', bearer(rotated))).status).toBe(200);
      expect(rotatingProvider.jwksFetches()).toBe(2);
      // Known keys are served from the cache.
      expect((await callOperation(base, 'getLanguages', bearer(first))).status).toBe(200);
      expect(rotatingProvider.jwksFetches()).toBe(2);
    });
  });
}

describe('unauthenticated requests when OAuth2 is configured', () => {
  it('answer 401 with a bare Bearer challenge that names the realm, then the API token scheme also accepted', async () => {
    const engine = engineFor(provider);
    const answer = await engine.handle({ method: 'POST', path: '/languages', headers: {} });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="byo-engine", ApiToken realm="byo-engine", header="X-Api-Token"');
    expect(JSON.parse(answer.body).error).toBe('Unauthorized: send an X-Api-Token header or a Bearer token in the Authorization header');
    await engine.close();
  });
});
