// Principals from different schemes or issuers never share jobs unless `auth.callers` says they are one
// caller, on every adapter row. Was: an OAuth2 token with only `sub=alice` read the jobs of the API token
// caller `alice` (and a token endpoint client `alice` too): ownership was the bare name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createByoEngine, type AuthOptions, type OperationId } from 'byo-engine';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { silentLogger } from '../support/test-engine.js';
import { startIdentityProvider, type IdentityProvider } from './support/identity-provider.js';
import { ALL_SCOPES, bearer, callOperation, finishedJob, send } from './support/wire.js';

const ALICE_API_TOKEN = 'alice-api-token-0123456789';
const ALICE_CLIENT_SECRET = 'alice-client-secret-0123456789';
const AUDIENCE = 'byo';
const READS: OperationId[] = ['translateAsyncStatus', 'translateAsyncResult'];

let provider: IdentityProvider;
beforeAll(async () => {
  provider = await startIdentityProvider();
});
afterAll(() => provider.stop());

/** API token `alice`, the identity provider, and the built-in token endpoint with a client `alice`. */
const authFor = (callers?: AuthOptions['callers']): AuthOptions => ({
  apiTokens: { alice: ALICE_API_TOKEN },
  oauth2: { issuer: provider.issuer, audience: AUDIENCE, jwksUri: provider.jwksUri },
  tokenEndpoint: { clients: { alice: { secret: ALICE_CLIENT_SECRET } } },
  callers,
});

const engineWith = (callers?: AuthOptions['callers']) =>
  createByoEngine({
    translate: (request) => request.segments.map((segment) => segment.text),
    languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
    auth: authFor(callers),
    logger: silentLogger,
  });

/** A token of the identity provider naming the caller by `sub` only (no `client_id`, no `azp`). */
const subOnlyToken = (sub: string) =>
  provider.fetchToken({
    clientId: 'ignored',
    scope: ALL_SCOPES,
    audience: AUDIENCE,
    change: (payload) => {
      delete payload.client_id;
      delete payload.azp;
      payload.sub = sub;
    },
  });

async function tokenEndpointToken(base: string): Promise<string> {
  const issued = await send(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=alice&client_secret=${ALICE_CLIENT_SECRET}`,
  });
  expect(issued.status).toBe(200);
  return (issued.body as { access_token: string }).access_token;
}

/** The status codes of both reads of `jobId` with `headers`. */
const reads = async (base: string, headers: Record<string, string>, jobId: string) =>
  Promise.all(READS.map(async (operationId) => (await callOperation(base, operationId, headers, jobId)).status));

for (const row of adapterRows) {
  describe(`principals of different schemes and issuers, ${row.name}`, () => {
    describe('by default', () => {
      const mounted = mountForBlock(row, () => engineWith(), { prefix: '/byo', hostBodyParser: false });

      it("keeps API token alice, the provider's sub=alice and the token endpoint's client alice apart", async () => {
        const apiToken = { 'x-api-token': ALICE_API_TOKEN };
        const subOnly = bearer(await subOnlyToken('alice'));
        const endpointClient = bearer(await tokenEndpointToken(mounted.base));
        const principals = [apiToken, subOnly, endpointClient];
        for (const [index, owner] of principals.entries()) {
          const jobId = await finishedJob(mounted.base, owner);
          expect(await reads(mounted.base, owner, jobId)).toEqual([200, 200]);
          for (const other of principals.filter((_, otherIndex) => otherIndex !== index)) {
            expect(await reads(mounted.base, other, jobId)).toEqual([404, 404]);
          }
        }
      });
    });

    describe('with auth.callers joining the API token and the provider principal', () => {
      const mounted = mountForBlock(
        row,
        () =>
          engineWith({
            alice: [
              { scheme: 'api-token', name: 'alice' },
              { scheme: 'oauth2', issuer: provider.issuer, name: 'alice' },
            ],
          }),
        { prefix: '/byo', hostBodyParser: false },
      );

      it('lets the two mapped principals share jobs, and no one else', async () => {
        const apiToken = { 'x-api-token': ALICE_API_TOKEN };
        const subOnly = bearer(await subOnlyToken('alice'));
        const endpointClient = bearer(await tokenEndpointToken(mounted.base));
        const fromApiToken = await finishedJob(mounted.base, apiToken);
        const fromProvider = await finishedJob(mounted.base, subOnly);
        for (const jobId of [fromApiToken, fromProvider]) {
          expect(await reads(mounted.base, apiToken, jobId)).toEqual([200, 200]);
          expect(await reads(mounted.base, subOnly, jobId)).toEqual([200, 200]);
          // The token endpoint is another issuer: its client alice is not mapped, so it is someone else.
          expect(await reads(mounted.base, endpointClient, jobId)).toEqual([404, 404]);
        }
        expect(await reads(mounted.base, bearer(await subOnlyToken('mallory')), fromApiToken)).toEqual([404, 404]);
      });
    });
  });
}

describe('auth.callers is checked at start-up', () => {
  it.each([
    [{ a: [{ scheme: 'oauth2', name: 'alice' }] }, 'an oauth2 entry needs the issuer of its tokens'],
    [{ a: [{ scheme: 'oauth2', name: 'alice', issuer: 'https://elsewhere.example' }] }, 'an oauth2 entry needs the issuer of its tokens'],
    [{ a: [{ scheme: 'api-token', name: 'bob' }] }, 'no API token is named "bob" in auth.apiTokens'],
    [{ a: [{ scheme: 'api-token', name: 'alice', issuer: 'x' }] }, 'only oauth2 entries have an issuer'],
    [{ a: [{ scheme: 'custom', name: 'alice' }] }, 'a custom entry needs auth.verify'],
    [{ a: [{ scheme: 'anonymous', name: 'alice' }] }, "each entry needs a scheme of 'api-token', 'oauth2' or 'custom'"],
    [{ a: [] }, 'must list at least one principal'],
    [
      { a: [{ scheme: 'api-token', name: 'alice' }], b: [{ scheme: 'api-token', name: 'alice' }] },
      'auth.callers lists ["api-token","alice"] more than once',
    ],
  ])('refuses %j', (callers, message) => {
    expect(() => engineWith(callers as AuthOptions['callers'])).toThrow(message);
  });
});
