import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, type JWTPayload } from 'jose';
import { OAuth2Issuer, OAuth2Service, type MutableToken } from 'oauth2-mock-server';

/**
 * A real OAuth2 identity provider on loopback (oauth2-mock-server): RS256 keys, a JWKS at `/jwks`,
 * a token endpoint at `/token` issuing signed JWTs for the client-credentials grant. It counts JWKS
 * fetches, and writes the Basic client id into `client_id` as a real provider does.
 */
export interface IdentityProvider {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenUrl: string;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  /** A token from a real client-credentials request. `change` edits the claims before signing (for bad tokens). */
  fetchToken(request: TokenRequest): Promise<string>;
  /** Adds a new signing key (new `kid`) and returns the `kid`; the provider then signs with its keys in turn. */
  rotateKey(): Promise<string>;
  /** The public JWK of the provider's first key (for forgery tests). */
  firstPublicJwk(): Record<string, unknown>;
  stop(): Promise<void>;
}

export interface TokenRequest {
  clientId: string;
  scope?: string;
  audience?: string;
  change?: (payload: JWTPayload, header: MutableToken['header']) => void;
  /** Keep fetching until the token is signed with this key (the provider rotates keys round-robin). */
  kid?: string;
}

export async function startIdentityProvider(): Promise<IdentityProvider> {
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate('RS256');
  const service = new OAuth2Service(issuer);
  let jwksFetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url === '/jwks') jwksFetches++;
    service.requestHandler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer.url = origin;

  // Each token request says which edit applies to it, so that concurrent requests do not mix.
  const pending = new Map<string, TokenRequest>();
  service.on('beforeTokenSigning', (token: MutableToken, request: IncomingMessage) => {
    const tokenRequest = pending.get(String(request.headers['x-test-request']));
    if (!tokenRequest) return;
    token.payload.client_id = tokenRequest.clientId;
    tokenRequest.change?.(token.payload, token.header);
  });

  async function requestToken(tokenRequest: TokenRequest): Promise<string> {
    const { clientId, scope, audience } = tokenRequest;
    const requestId = randomUUID();
    pending.set(requestId, tokenRequest);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope !== undefined) form.set('scope', scope);
    if (audience !== undefined) form.set('aud', audience);
    const response = await fetch(`${origin}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:provider-side-secret`).toString('base64')}`,
        'x-test-request': requestId,
      },
      body: form,
    }).finally(() => pending.delete(requestId));
    if (response.status !== 200) throw new Error(`identity provider answered ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  return {
    issuer: origin,
    jwksUri: `${origin}/jwks`,
    tokenUrl: `${origin}/token`,
    jwksFetches: () => jwksFetches,
    async fetchToken(request) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const token = await requestToken(request);
        if (request.kid === undefined || decodeProtectedHeader(token).kid === request.kid) return token;
      }
      throw new Error(`the provider did not sign with key ${request.kid}`);
    },
    async rotateKey() {
      return (await issuer.keys.generate('RS256')).kid;
    },
    firstPublicJwk() {
      return issuer.keys.toJSON()[0];
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
