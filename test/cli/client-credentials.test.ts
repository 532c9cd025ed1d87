import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';
import { createByoEngine, type ByoEngine } from 'byo-engine';
import { demoLanguages, demoTranslate } from '../../examples/shared/demo-translator.js';
import { runCli } from '../../cli/cli.js';
import { runConformance } from '../../cli/conformance.js';
import { createCredentials } from '../../cli/credentials.js';
import { EngineClient } from '../../cli/engine-client.js';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { silentLogger } from '../support/test-engine.js';
import { captureIo, CHECK_NAMES } from './check-helpers.js';

const CLIENT_ID = 'phrase-client';
const CLIENT_SECRET = 's3cret/with+chars';
const SCOPES = 'languages:read status:read translate:write translateAsync:write translateAsyncStatus:read translateAsyncResult:read';
// RFC 6749 2.3.1: form-encode, then Basic.
const EXPECTED_BASIC = `Basic ${Buffer.from('phrase-client:s3cret%2Fwith%2Bchars').toString('base64')}`;

describe('byo-engine check with OAuth2 client credentials', () => {
  const oauth = new OAuth2Server();
  const tokenRequests: { authorization?: string; contentType?: string; body: Record<string, unknown> }[] = [];
  let engine: ByoEngine;
  let app: RunningApp;
  let tokenUrl: string;

  beforeAll(async () => {
    await oauth.issuer.keys.generate('RS256');
    await oauth.start(0, '127.0.0.1');
    tokenUrl = `${oauth.issuer.url}/token`;
    oauth.service.on('beforeResponse', (response: { statusCode: number; body: unknown }, req) => {
      tokenRequests.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], body: { ...req.body } });
      if (req.headers.authorization !== EXPECTED_BASIC) {
        response.statusCode = 401;
        response.body = { error: 'invalid_client', error_description: 'client authentication failed' };
      }
    });
    const keys = createLocalJWKSet({ keys: oauth.issuer.keys.toJSON() });
    engine = createByoEngine({
      translate: demoTranslate,
      languages: demoLanguages,
      logger: silentLogger,
      auth: {
        // The engine's own custom-verifier seam, checking the identity provider's JWTs with jose.
        async verify(request) {
          const header = request.headers.authorization;
          if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
          const { payload } = await jwtVerify(header.slice('Bearer '.length), keys, { issuer: oauth.issuer.url });
          return { name: 'phrase', scopes: String(payload.scope).split(' ') };
        },
      },
    });
    app = await adapterRows[0].start(engine, { prefix: '/byo', hostBodyParser: false });
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
    await oauth.stop();
  });

  it('fetches one token (form body, Basic auth, scope) and passes every check with it', async () => {
    tokenRequests.length = 0;
    const io = captureIo({});
    const code = await runCli(
      [
        'check',
        `${app.origin}/byo`,
        '--client-id',
        CLIENT_ID,
        '--client-secret',
        CLIENT_SECRET,
        '--token-url',
        tokenUrl,
        '--scope',
        SCOPES,
        '--json',
      ],
      io,
    );
    const report = JSON.parse(io.out()) as { passed: boolean; checks: { name: string; outcome: string }[] };
    expect(report.checks.filter((check) => check.outcome !== 'pass')).toEqual([]);
    expect(report.checks.map((check) => check.name)).toEqual(['auth.client-credentials', ...CHECK_NAMES]);
    expect(code).toBe(0);
    expect(tokenRequests).toEqual([
      {
        authorization: EXPECTED_BASIC,
        contentType: 'application/x-www-form-urlencoded',
        body: { grant_type: 'client_credentials', scope: SCOPES },
      },
    ]);
  });

  it('stops at auth.client-credentials when the token endpoint refuses the client', async () => {
    const client = new EngineClient(`${app.origin}/byo`, { connections: 2, timeoutMs: 5_000 });
    try {
      const report = await runConformance({
        client,
        credentials: createCredentials({ kind: 'client-credentials', clientId: CLIENT_ID, clientSecret: 'wrong', tokenUrl }, 5_000),
        jobTimeoutMs: 5_000,
      });
      expect(report.passed).toBe(false);
      expect(report.checks).toHaveLength(1);
      expect(report.checks[0]).toMatchObject({ name: 'auth.client-credentials', outcome: 'fail' });
      expect(report.checks[0].got).toBe(`token endpoint ${tokenUrl} answered 401 (invalid_client: client authentication failed)`);
      expect(report.checks[0].got).not.toContain('wrong');
    } finally {
      await client.close();
    }
  });
});
