// The custom verifier hook, with the documented mTLS-behind-a-proxy example, on every adapter row.
import { describe, expect, it } from 'vitest';
import { createByoEngine, type TranslateFunction } from 'byo-engine';
import { mtlsProxyVerifier } from '../../examples/shared/mtls-proxy-verifier.js';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { expectErrorBody } from '../support/schema-check.js';
import { API_TOKEN, silentLogger } from '../support/test-engine.js';
import { callOperation, finishedJob } from './support/wire.js';

const principalEchoTranslator: TranslateFunction = (request, context) =>
  request.segments.map((segment) => `${context.principal.scheme}/${context.principal.name}:${segment.text}`);
const certificate = (commonName: string) => ({ 'x-ssl-client-verify': 'SUCCESS', 'x-ssl-client-s-dn': `CN=${commonName},O=Example` });
const translatedText = (body: unknown) => (body as { segments: { translatedText: string }[] }).segments[0].translatedText;

for (const row of adapterRows) {
  describe(`custom verifier (mTLS headers from a proxy), ${row.name}`, () => {
    const mounted = mountForBlock(
      row,
      () =>
        createByoEngine({
          translate: principalEchoTranslator,
          languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
          auth: {
            apiTokens: { phrase: API_TOKEN },
            verify: mtlsProxyVerifier({ 'phrase-prod': undefined, 'phrase-limited': ['languages:read'] }),
          },
          logger: silentLogger,
        }),
      { prefix: '/byo', hostBodyParser: true },
    );

    it('admits a verified certificate as the principal its common name names', async () => {
      const answer = await callOperation(mounted.base, 'translateTexts', certificate('phrase-prod'));
      expect(answer.status, answer.text).toBe(200);
      expect(translatedText(answer.body)).toBe('custom/phrase-prod:segment 0');
    });

    it("applies the verifier's scopes (403 naming the scope)", async () => {
      expect((await callOperation(mounted.base, 'getLanguages', certificate('phrase-limited'))).status).toBe(200);
      const denied = await callOperation(mounted.base, 'translateTexts', certificate('phrase-limited'));
      expect(denied.status).toBe(403);
      expectErrorBody(denied.body);
      expect(denied.body.error).toContain('translate:write');
    });

    it('rejects an unknown certificate (401), and leaves requests without one to the other schemes', async () => {
      const unknown = await callOperation(mounted.base, 'translateTexts', certificate('intruder'));
      expect(unknown.status).toBe(401);
      expectErrorBody(unknown.body);
      expect(unknown.body.error).toBe('Unauthorized: Credentials were rejected');
      const failedCheck = await callOperation(mounted.base, 'translateTexts', {
        'x-ssl-client-verify': 'FAILED:unable to verify',
        'x-ssl-client-s-dn': 'CN=phrase-prod',
      });
      expect(failedCheck.status).toBe(401);
      const viaApiToken = await callOperation(mounted.base, 'translateTexts', { 'x-api-token': API_TOKEN });
      expect(translatedText(viaApiToken.body)).toBe('api-token/phrase:segment 0');
    });

    it("keeps one certificate's jobs from another", async () => {
      const jobId = await finishedJob(mounted.base, certificate('phrase-prod'));
      const foreign = await callOperation(mounted.base, 'translateAsyncStatus', { 'x-api-token': API_TOKEN }, jobId);
      expect(foreign.status).toBe(404);
      expect((await callOperation(mounted.base, 'translateAsyncResult', certificate('phrase-prod'), jobId)).status).toBe(200);
    });
  });
}
