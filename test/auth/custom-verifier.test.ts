// The custom verifier hook, with the documented mTLS-behind-a-proxy example, on every adapter row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createByoEngine, type ByoEngine, type TranslateFunction } from 'byo-engine';
import { mtlsProxyVerifier } from '../../examples/shared/mtls-proxy-verifier.js';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { expectErrorBody } from '../support/schema-check.js';
import { API_TOKEN, silentLogger } from '../support/test-engine.js';
import { callOperation, finishedJob } from './support/wire.js';

const principalEchoTranslator: TranslateFunction = (request, context) =>
  request.segments.map((segment) => `${context.principal.scheme}/${context.principal.name}:${segment.text}`);
const certificate = (commonName: string) => ({ 'x-ssl-client-verify': 'SUCCESS', 'x-ssl-client-s-dn': `CN=${commonName},O=Example` });
const translatedText = (body: unknown) => (body as { segments: { translatedText: string }[] }).segments[0].translatedText;

for (const row of adapterRows) {
  describe(`custom verifier (mTLS headers from a proxy), ${row.name}`, () => {
    let app: RunningApp;
    let engine: ByoEngine;
    let base: string;
    beforeAll(async () => {
      engine = createByoEngine({
        translate: principalEchoTranslator,
        languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
        auth: {
          apiTokens: { phrase: API_TOKEN },
          verify: mtlsProxyVerifier({ 'phrase-prod': undefined, 'phrase-limited': ['languages:read'] }),
        },
        logger: silentLogger,
      });
      app = await row.start(engine, { prefix: '/byo', hostBodyParser: true });
      base = `${app.origin}/byo`;
    });
    afterAll(async () => {
      await app.close();
      await engine.close();
    });

    it('admits a verified certificate as the principal its common name names', async () => {
      const answer = await callOperation(base, 'translateTexts', certificate('phrase-prod'));
      expect(answer.status, answer.text).toBe(200);
      expect(translatedText(answer.body)).toBe('custom/phrase-prod:segment 0');
    });

    it("applies the verifier's scopes (403 naming the scope)", async () => {
      expect((await callOperation(base, 'getLanguages', certificate('phrase-limited'))).status).toBe(200);
      const denied = await callOperation(base, 'translateTexts', certificate('phrase-limited'));
      expect(denied.status).toBe(403);
      expectErrorBody(denied.body);
      expect(denied.body.error).toContain('translate:write');
    });

    it('rejects an unknown certificate (401), and leaves requests without one to the other schemes', async () => {
      const unknown = await callOperation(base, 'translateTexts', certificate('intruder'));
      expect(unknown.status).toBe(401);
      expectErrorBody(unknown.body);
      expect(unknown.body.error).toBe('Unauthorized: Credentials were rejected');
      const failedCheck = await callOperation(base, 'translateTexts', { 'x-ssl-client-verify': 'FAILED:unable to verify', 'x-ssl-client-s-dn': 'CN=phrase-prod' });
      expect(failedCheck.status).toBe(401);
      const viaApiToken = await callOperation(base, 'translateTexts', { 'x-api-token': API_TOKEN });
      expect(translatedText(viaApiToken.body)).toBe('api-token/phrase:segment 0');
    });

    it("keeps one certificate's jobs from another", async () => {
      const jobId = await finishedJob(base, certificate('phrase-prod'));
      const foreign = await callOperation(base, 'translateAsyncStatus', { 'x-api-token': API_TOKEN }, jobId);
      expect(foreign.status).toBe(404);
      expect((await callOperation(base, 'translateAsyncResult', certificate('phrase-prod'), jobId)).status).toBe(200);
    });
  });
}
