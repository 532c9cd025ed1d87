import type { EngineRequest, EngineResponse } from '../../http/engine-request.js';
import { jsonResponse } from '../../http/responses.js';
import type { Logger } from '../../logger.js';
import type { ExtraRoute } from '../../router.js';
import { createJwtVerifier, type JwtVerifier } from '../oauth2/jwt-verifier.js';
import { ClientRegistry } from './client-registry.js';
import { FailureLimiter } from './failure-limiter.js';
import { loadSigningKey } from './signing-key.js';
import { TOKEN_ENDPOINT_DEFAULTS, type TokenEndpointOptions } from './token-endpoint-options.js';
import { tokenHandler } from './token-handler.js';

export type AuthRouteHandler = (request: EngineRequest) => Promise<EngineResponse>;

export const TOKEN_PATH = '/oauth/token';
export const JWKS_PATH = '/.well-known/jwks.json';

export interface TokenEndpoint {
  /** `POST /oauth/token` and `GET /.well-known/jwks.json`, below the engine's mount point. */
  readonly routes: ExtraRoute<AuthRouteHandler>[];
  /** Verifies the tokens this endpoint issues. */
  readonly verifier: JwtVerifier;
}

function nonEmpty(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') throw new Error(`byo-engine: auth.tokenEndpoint.${name} must be a non-empty string`);
  return value;
}

/** Builds the token endpoint once: clients, signing key, routes, and the verifier for its own tokens. */
export function createTokenEndpoint(
  options: TokenEndpointOptions,
  logger: Logger,
  onFailure?: (kind: 'invalid_client' | 'limited') => void,
): TokenEndpoint {
  const clients = new ClientRegistry(options.clients);
  const expiresInSeconds = options.expiresInSeconds ?? TOKEN_ENDPOINT_DEFAULTS.expiresInSeconds;
  if (!(Number.isInteger(expiresInSeconds) && expiresInSeconds > 0)) {
    throw new Error('byo-engine: auth.tokenEndpoint.expiresInSeconds must be a positive whole number');
  }
  const issuer = nonEmpty('issuer', options.issuer, TOKEN_ENDPOINT_DEFAULTS.issuer);
  const audience = nonEmpty('audience', options.audience, TOKEN_ENDPOINT_DEFAULTS.audience);
  const limiter = options.failureLimit === false ? undefined : new FailureLimiter(options.failureLimit);
  const signingKey = loadSigningKey(options.signingKey);
  if (options.signingKey === undefined) {
    logger.info({ kid: signingKey.kid }, 'token endpoint: generated a signing key; its tokens end with this process');
  }

  const jwks = jsonResponse(200, { keys: [signingKey.publicJwk] }, { 'cache-control': 'public, max-age=300' });
  return {
    routes: [
      {
        method: 'POST',
        path: TOKEN_PATH,
        handler: tokenHandler({ clients, signingKey, issuer, audience, expiresInSeconds, logger, limiter, onFailure }),
      },
      { method: 'GET', path: JWKS_PATH, handler: async () => jwks },
    ],
    verifier: createJwtVerifier({ issuer, audience, publicKey: signingKey.publicKey, algorithms: [signingKey.algorithm] }),
  };
}
