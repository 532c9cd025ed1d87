// Authentication on Cloudflare Workers without nodejs_compat, run on workerd: API tokens are in the runtime
// rows; here OAuth2 with a shared secret and OAuth2 with a JWKS (a real identity provider on loopback) admit a
// caller, and the features that need node:crypto (the token endpoint, OAuth2 with a PEM public key) refuse to
// start with an error that names the flag.
import { generateKeyPairSync } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveWorker } from '../../examples/cloudflare-worker/workerd.js';
import { startIdentityProvider, type IdentityProvider } from '../auth/support/identity-provider.js';
import { ALL_SCOPES, bearer, send } from '../auth/support/wire.js';
import { describeWithServices } from '../support/services.js';
import { binaryCheck, freePort, ROOT } from './runtime-servers.js';

const AUDIENCE = 'byo';
const SECRET = 'a-shared-hmac-secret-of-32-bytes!!';
let provider: IdentityProvider;
const sign = (secret: string) =>
  new SignJWT({ client_id: 'phrase', scope: ALL_SCOPES })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(provider.issuer)
    .setAudience(AUDIENCE)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));

describeWithServices([binaryCheck('workerd (devDependency workerd)', join(ROOT, 'node_modules/.bin/workerd'))], 'auth on workerd', () => {
  let workerd: ChildProcess | undefined;
  let origin = '';
  beforeAll(async () => {
    provider = await startIdentityProvider();
    const port = await freePort();
    const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    workerd = await serveWorker(
      join(ROOT, 'test/runtimes/fixture/auth-worker.ts'),
      port,
      {
        OAUTH2_ISSUER: provider.issuer,
        OAUTH2_AUDIENCE: AUDIENCE,
        OAUTH2_SECRET: SECRET,
        OAUTH2_JWKS_URI: provider.jwksUri,
        PUBLIC_KEY_PEM: publicKey,
      },
      { fetchLoopback: true },
    );
    origin = `http://127.0.0.1:${port}`;
  }, 120_000);
  afterAll(async () => {
    await provider?.stop();
    if (!workerd || workerd.exitCode !== null) return;
    const exited = new Promise((resolve) => workerd!.once('exit', resolve));
    workerd.kill('SIGTERM');
    await exited;
  });

  it('admits a Bearer JWT signed with the shared secret, and refuses one signed with another', async () => {
    const admitted = await send(`${origin}/byo/languages`, { method: 'POST', headers: bearer(await sign(SECRET)) });
    expect(admitted.status, admitted.text).toBe(200);
    expect(admitted.body).toMatchObject({ languagePairs: expect.arrayContaining([{ sourceLanguage: 'en', targetLanguage: 'de' }]) });
    const refused = await send(`${origin}/byo/languages`, { method: 'POST', headers: bearer(await sign(`${SECRET}?`)) });
    expect(refused.status).toBe(401);
  });

  it("admits a Bearer JWT verified with the provider's JWKS, fetched by the Worker", async () => {
    const token = await provider.fetchToken({ clientId: 'phrase-client', scope: ALL_SCOPES, audience: AUDIENCE });
    const admitted = await send(`${origin}/jwks-byo/languages`, { method: 'POST', headers: bearer(token) });
    expect(admitted.status, admitted.text).toBe(200);
    expect(provider.jwksFetches()).toBe(1);
    const foreign = await provider.fetchToken({ clientId: 'phrase-client', scope: ALL_SCOPES, audience: 'https://other.example.test' });
    expect((await send(`${origin}/jwks-byo/languages`, { method: 'POST', headers: bearer(foreign) })).status).toBe(401);
  });

  it.each([
    ['token-endpoint', 'The token endpoint (auth.tokenEndpoint) needs node:crypto'],
    ['public-key', 'auth.oauth2.publicKey needs node:crypto'],
  ])('refuses to start %s, naming node:crypto and the nodejs_compat flag', async (feature, needs) => {
    const answer = await send(`${origin}/start-up/${feature}`);
    expect(answer.status).toBe(500);
    const { error } = answer.body as { error: string };
    expect(error).toContain(`byo-engine: ${needs}, which this runtime does not provide`);
    expect(error).toContain('nodejs_compat');
  });
});
