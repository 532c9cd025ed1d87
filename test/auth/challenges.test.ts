// Every 401 carries a WWW-Authenticate header naming each scheme the engine accepts (RFC 9110 §11.6.1).
import { describe, expect, it } from 'vitest';
import type { AuthOptions, ByoEngine } from 'byo-engine';
import { testEngine } from '../support/test-engine.js';

const TOKEN = 'challenge-token-0123456789';
const BEARER = 'Bearer realm="byo-engine"';
const API_TOKEN = 'ApiToken realm="byo-engine", header="X-Api-Token"';
const CUSTOM = 'Custom realm="byo-engine"';
const tokenEndpoint = { clients: { phrase: { secret: 'client-secret-0123456789' } } };

async function unauthorized(engine: ByoEngine, headers: Record<string, string>): Promise<string | undefined> {
  const answer = await engine.handle({ method: 'POST', path: '/status', headers });
  expect(answer.status, answer.body).toBe(401);
  return answer.headers['www-authenticate'];
}

describe('WWW-Authenticate on 401', () => {
  const setups: [string, AuthOptions, string][] = [
    ['API tokens', { apiTokens: [TOKEN] }, API_TOKEN],
    ['Bearer tokens (the token endpoint)', { tokenEndpoint }, BEARER],
    ['API tokens and Bearer tokens, Bearer first', { apiTokens: [TOKEN], tokenEndpoint }, `${BEARER}, ${API_TOKEN}`],
    ['a custom verifier', { verify: () => null }, CUSTOM],
    ['all three', { apiTokens: [TOKEN], tokenEndpoint, verify: () => null }, `${BEARER}, ${API_TOKEN}, ${CUSTOM}`],
  ];
  for (const [name, auth, expected] of setups) {
    it(`names the schemes accepted with ${name}, with and without wrong credentials`, async () => {
      const engine = testEngine({ auth });
      expect(await unauthorized(engine, {})).toBe(expected);
      if (auth.apiTokens) expect(await unauthorized(engine, { 'x-api-token': 'wrong-token-0123456789' })).toBe(expected);
      await engine.close();
    });
  }

  it('puts the invalid_token Bearer challenge in place of the bare one, and keeps the other schemes', async () => {
    const engine = testEngine({ auth: { apiTokens: [TOKEN], tokenEndpoint } });
    const header = await unauthorized(engine, { authorization: 'Bearer not.a.jwt' });
    expect(header).toMatch(
      /^Bearer realm="byo-engine", error="invalid_token", error_description="[^"]+", ApiToken realm="byo-engine", header="X-Api-Token"$/,
    );
    await engine.close();
  });
});
