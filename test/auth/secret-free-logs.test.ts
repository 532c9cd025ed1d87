// No token, Authorization value, X-Api-Token value or client secret reaches the log or an error answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createByoEngine, type Logger, type TranslateFunction } from 'byo-engine';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { API_TOKEN } from '../support/test-engine.js';
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.js';
import { ALL_SCOPES, bearer, callOperation, finishedJob, send, type Answer } from './support/wire.js';

const CLIENT_SECRET = 'client-secret-do-not-log-0123';
const WRONG_SECRET = 'wrong-secret-do-not-log-4567';
const WRONG_API_TOKEN = 'wrong-api-token-do-not-log-89';
const AUDIENCE = 'byo';

/** Fails every segment that asks for it, with a message that is safe to show. */
const translator: TranslateFunction = (request) => {
  if (request.segments.some((segment) => segment.text.includes('fail'))) throw new Error('backend unavailable, try later');
  return request.segments.map((segment) => segment.text);
};

interface LogCall {
  level: string;
  message: string;
  details: Record<string, unknown>;
}

function capturingLogger(calls: LogCall[]): Logger {
  const at = (level: string) => (details: Record<string, unknown>, message: string) => void calls.push({ level, message, details });
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

let provider: IdentityProvider;
beforeAll(async () => {
  provider = await startIdentityProvider();
});
afterAll(() => provider.stop());

for (const row of adapterRows) {
  describe(`logs and error answers without secrets, ${row.name}`, () => {
    const logs: LogCall[] = [];
    const mounted = mountForBlock(
      row,
      () =>
        createByoEngine({
          translate: translator,
          languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
          auth: {
            apiTokens: { phrase: API_TOKEN },
            oauth2: { issuer: provider.issuer, audience: AUDIENCE, jwksUri: provider.jwksUri },
            tokenEndpoint: { clients: { phrase: { secret: CLIENT_SECRET } } },
          },
          logger: capturingLogger(logs),
        }),
      { prefix: '/byo', hostBodyParser: true },
    );

    it('keeps every credential out of the log and out of error answers during failing and succeeding requests', async () => {
      const answers: Answer[] = [];
      const tokenRequest = (body: string) =>
        send(`${mounted.base}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      const issued = await tokenRequest(`grant_type=client_credentials&client_id=phrase&client_secret=${CLIENT_SECRET}`);
      expect(issued.status).toBe(200);
      const issuedToken = (issued.body as { access_token: string }).access_token;
      answers.push(await tokenRequest(`grant_type=client_credentials&client_id=phrase&client_secret=${WRONG_SECRET}`));
      answers.push(await tokenRequest(`grant_type=password&client_id=phrase&client_secret=${CLIENT_SECRET}`));

      const providerToken = await provider.fetchToken({ clientId: 'idp-client', scope: ALL_SCOPES, audience: AUDIENCE });
      const tampered = `${providerToken.slice(0, -6)}AAAAAA`;
      const expired = await provider.fetchToken({
        clientId: 'idp-client',
        scope: ALL_SCOPES,
        audience: AUDIENCE,
        change: (p) => void (p.exp = 1),
      });
      answers.push(await callOperation(mounted.base, 'translateTexts', bearer(issuedToken)));
      answers.push(await callOperation(mounted.base, 'translateTexts', bearer(providerToken)));
      answers.push(await callOperation(mounted.base, 'translateTexts', bearer(tampered)));
      answers.push(await callOperation(mounted.base, 'translateTexts', bearer(expired)));
      answers.push(await callOperation(mounted.base, 'translateTexts', { authorization: `Bearer ${WRONG_SECRET}` }));
      answers.push(await callOperation(mounted.base, 'translateTexts', { 'x-api-token': WRONG_API_TOKEN }));
      answers.push(await callOperation(mounted.base, 'translateTexts', { 'x-api-token': API_TOKEN }));
      // A translator that throws, synchronously and in a job.
      const failing = await send(`${mounted.base}/translate`, {
        method: 'POST',
        headers: { 'x-api-token': API_TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify({ sourceLanguage: 'en', targetLanguage: 'de', segments: [{ idx: '1', text: 'please fail' }] }),
      });
      expect(failing.status).toBe(500);
      expect(failing.text).toContain('backend unavailable, try later');
      answers.push(failing);
      const jobId = await finishedJob(mounted.base, bearer(issuedToken));
      answers.push(await callOperation(mounted.base, 'translateAsyncResult', bearer(tampered), jobId));

      // The series did log: failed token requests, the failing translator.
      const logText = JSON.stringify(logs);
      expect(logs.some((call) => call.message.includes('wrong secret'))).toBe(true);
      expect(logs.some((call) => call.message === 'translator failed')).toBe(true);
      const secrets = [API_TOKEN, WRONG_API_TOKEN, CLIENT_SECRET, WRONG_SECRET, issuedToken, providerToken, tampered, expired];
      // Each JWT's signature alone is enough to be a leak.
      const signatures = [issuedToken, providerToken, expired].map((token) => token.split('.')[2]);
      for (const secret of [...secrets, ...signatures]) {
        expect(logText).not.toContain(secret);
        for (const answer of answers) {
          expect(answer.text).not.toContain(secret);
          answer.headers.forEach((value) => expect(value).not.toContain(secret));
        }
      }
    });

    // Was: up to 100 characters of an unknown client_id were logged, a secret pasted into that field included.
    it('logs no part of an unknown client id, which may be a secret pasted into the wrong field', async () => {
      const pasted = 'pasted-secret-in-client-id-0123456789';
      const form = await send(`${mounted.base}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${pasted}&client_secret=${WRONG_SECRET}`,
      });
      const basic = await send(`${mounted.base}/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${pasted}:${WRONG_SECRET}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
      });
      expect([form.status, basic.status]).toEqual([401, 401]);
      const failures = logs.filter((call) => call.message.includes('unknown client'));
      expect(failures.slice(-2).map((call) => call.details)).toEqual([
        { unknownClientIdLength: pasted.length },
        { unknownClientIdLength: pasted.length },
      ]);
      expect(JSON.stringify(logs)).not.toContain(pasted.slice(0, 12));
      // A configured client's id with a wrong secret is still named, so operators can see who fails.
      expect(logs.some((call) => call.details.clientId === 'phrase' && call.message.includes('wrong secret'))).toBe(true);
    });
  });
}
