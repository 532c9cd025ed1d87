// The token endpoint limits failed client authentications per client id and per remote address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createByoEngine, type ByoEngine, type TokenEndpointOptions } from 'byo-engine';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { silentLogger } from '../support/test-engine.js';
import { send } from './support/wire.js';

const SECRETS = { phrase: 'phrase-secret-0123456789', other: 'other-secret-0123456789' };
const FORM = 'application/x-www-form-urlencoded';

function engineWith(failureLimit?: TokenEndpointOptions['failureLimit']): ByoEngine {
  return createByoEngine({
    translate: (request) => request.segments.map((segment) => segment.text),
    languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
    auth: { tokenEndpoint: { clients: { phrase: { secret: SECRETS.phrase }, other: { secret: SECRETS.other } }, failureLimit } },
    logger: silentLogger,
  });
}

const body = (id: string, secret: string) => `grant_type=client_credentials&client_id=${id}&client_secret=${encodeURIComponent(secret)}`;

for (const row of adapterRows) {
  describe(`token endpoint failure limits, ${row.name}`, () => {
    let app: RunningApp;
    let engine: ByoEngine;
    const token = (id: string, secret: string) =>
      send(`${app.origin}/byo/oauth/token`, { method: 'POST', headers: { 'content-type': FORM }, body: body(id, secret) });
    beforeAll(async () => {
      engine = engineWith();
      app = await row.start(engine, { prefix: '/byo', hostBodyParser: false });
    });
    afterAll(async () => {
      await app.close();
      await engine.close();
    });

    it('20 wrong secrets in a row end in 429 with Retry-After; the right secret of that client is refused too; another client still works', async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let attempt = 0; attempt < 20; attempt++) {
        const answer = await token('phrase', `wrong-secret-${attempt}-0123456789`);
        statuses.push(answer.status);
        retryAfter = answer.headers.get('retry-after');
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual(Array(10).fill(429));
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(Number(retryAfter)).toBeLessThanOrEqual(300);

      const locked = await token('phrase', SECRETS.phrase);
      expect(locked.status).toBe(429);
      expect((locked.body as { error: string }).error).toMatch(/Too many failed client authentications; retry in \d+ seconds/);
      const other = await token('other', SECRETS.other);
      expect(other.status, other.text).toBe(200);
    });
  });
}

describe('token endpoint failure limits, per remote address and window', () => {
  const form = (id: string, secret: string) => ({ kind: 'bytes' as const, bytes: body(id, secret) });
  const request = (engine: ByoEngine, id: string, secret: string, remoteAddress: string) =>
    engine.handle({ method: 'POST', path: '/oauth/token', headers: { 'content-type': FORM }, body: form(id, secret), remoteAddress });

  it('unknown client ids from one address are limited per address; another address is not', async () => {
    const engine = engineWith({ perAddress: 5 });
    for (let attempt = 0; attempt < 5; attempt++) expect((await request(engine, `guess-${attempt}`, 'x', '203.0.113.7')).status).toBe(401);
    const refused = await request(engine, 'other', SECRETS.other, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect((await request(engine, 'other', SECRETS.other, '198.51.100.1')).status).toBe(200);
  });

  it('the limit lifts when the window ends', async () => {
    const engine = engineWith({ perClient: 2, windowSeconds: 1 });
    for (let attempt = 0; attempt < 2; attempt++) await request(engine, 'phrase', 'wrong', '192.0.2.1');
    expect((await request(engine, 'phrase', SECRETS.phrase, '192.0.2.1')).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await request(engine, 'phrase', SECRETS.phrase, '192.0.2.1')).status).toBe(200);
  });

  it('failureLimit: false turns it off', async () => {
    const engine = engineWith(false);
    for (let attempt = 0; attempt < 30; attempt++) await request(engine, 'phrase', 'wrong', '192.0.2.2');
    expect((await request(engine, 'phrase', SECRETS.phrase, '192.0.2.2')).status).toBe(200);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => engineWith({ perClient: 0 })).toThrow(/failureLimit\.perClient must be a whole number/);
  });
});
