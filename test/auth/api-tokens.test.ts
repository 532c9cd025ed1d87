// API tokens in X-Api-Token: several named callers, scopes, exact matching, ownership, on every adapter row.
import { describe, expect, it } from 'vitest';
import { createByoEngine, type OperationId, type TranslateFunction } from 'byo-engine';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { expectErrorBody } from '../support/schema-check.js';
import { API_TOKEN, OTHER_TOKEN, silentLogger } from '../support/test-engine.js';
import { callOperation, finishedJob } from './support/wire.js';

const LIMITED_TOKEN = 'limited-token-0123456789abcdef';
const OLD_TOKEN = 'old-token-0123456789abcdef';
const NEW_TOKEN = 'new-token-0123456789abcdef';
const principalEchoTranslator: TranslateFunction = (request, context) =>
  request.segments.map((segment) => `${context.principal.name}:${segment.text}`);
const translatedText = (body: unknown) => (body as { segments: { translatedText: string }[] }).segments[0].translatedText;
const apiToken = (token: string) => ({ 'x-api-token': token });

for (const row of adapterRows) {
  describe(`API tokens, ${row.name}`, () => {
    const mounted = mountForBlock(
      row,
      () =>
        createByoEngine({
          translate: principalEchoTranslator,
          languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
          auth: {
            apiTokens: {
              phrase: API_TOKEN,
              staging: OTHER_TOKEN,
              limited: { token: LIMITED_TOKEN, scopes: ['languages:read', 'status:read'] },
              rotating: { token: [OLD_TOKEN, NEW_TOKEN] },
            },
          },
          logger: silentLogger,
        }),
      { prefix: '/byo', hostBodyParser: false },
    );

    it('admits each configured token as the caller it is named after', async () => {
      expect(translatedText((await callOperation(mounted.base, 'translateTexts', apiToken(API_TOKEN))).body)).toBe('phrase:segment 0');
      expect(translatedText((await callOperation(mounted.base, 'translateTexts', apiToken(OTHER_TOKEN))).body)).toBe('staging:segment 0');
    });

    it('refuses anything but an exact token, with 401 and an { error } body', async () => {
      for (const wrong of [API_TOKEN.slice(0, -1), `${API_TOKEN}x`, API_TOKEN.toUpperCase(), ` ${API_TOKEN}x`, 'x']) {
        const answer = await callOperation(mounted.base, 'translateTexts', apiToken(wrong));
        expect(answer.status, wrong).toBe(401);
        expectErrorBody(answer.body);
        expect(answer.body.error).toBe('Unauthorized: Invalid API token');
      }
      const none = await callOperation(mounted.base, 'translateTexts', {});
      expect(none.status).toBe(401);
      expectErrorBody(none.body);
      expect(none.body.error).toContain('X-Api-Token');
    });

    it('limits a token with scopes to those operations (403 naming the missing scope)', async () => {
      for (const operationId of ['getLanguages', 'getStatus'] as OperationId[]) {
        expect((await callOperation(mounted.base, operationId, apiToken(LIMITED_TOKEN))).status).toBe(200);
      }
      const denied = await callOperation(mounted.base, 'translateAsync', apiToken(LIMITED_TOKEN));
      expect(denied.status).toBe(403);
      expectErrorBody(denied.body);
      expect(denied.body.error).toContain('translateAsync:write');
      expect(denied.headers.get('www-authenticate')).toBeNull(); // a Bearer challenge only when a Bearer token was short of scope
    });

    it('during a rotation, admits old and new token as one caller whose jobs stay visible', async () => {
      const jobId = await finishedJob(mounted.base, apiToken(OLD_TOKEN));
      const result = await callOperation(mounted.base, 'translateAsyncResult', apiToken(NEW_TOKEN), jobId);
      expect(result.status).toBe(200);
      expect(translatedText(result.body)).toBe('rotating:segment 0');
    });

    it("answers another caller's job like an unknown one (404, same body)", async () => {
      const jobId = await finishedJob(mounted.base, apiToken(API_TOKEN));
      const unknownId = `${jobId}-unknown`;
      for (const operationId of ['translateAsyncStatus', 'translateAsyncResult'] as OperationId[]) {
        const foreign = await callOperation(mounted.base, operationId, apiToken(OTHER_TOKEN), jobId);
        const unknown = await callOperation(mounted.base, operationId, apiToken(OTHER_TOKEN), unknownId);
        expect(foreign.status).toBe(404);
        expect(foreign.text).toBe(unknown.text.replace(unknownId, jobId));
        expect(foreign.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
        expect((await callOperation(mounted.base, operationId, apiToken(API_TOKEN), jobId)).status).toBe(200);
      }
    });
  });
}
