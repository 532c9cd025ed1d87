import type { AuthOptions } from '../options.js';
import type { Logger } from '../logger.js';
import { stderrLogger } from '../logger.js';
import type { ExtraRoute } from '../router.js';
import { apiTokenAuthenticator, apiTokenNames } from './api-tokens.js';
import type { Authenticator } from './authenticator.js';
import { customAuthenticator } from './custom-verifier.js';
import { createJobOwner, type JobOwner } from './job-owner.js';
import { bearerAuthenticator } from './oauth2/bearer-authenticator.js';
import { createJwtVerifier, type JwtVerifier } from './oauth2/jwt-verifier.js';
import { createTokenEndpoint, type AuthRouteHandler } from './token-endpoint/token-endpoint.js';

const NO_AUTH_MESSAGE =
  'byo-engine: no authentication configured. Pass auth: { apiTokens: { phrase: process.env.BYO_API_TOKEN } } ' +
  '(or another scheme), or auth: false to run without authentication (never on a public network).';

/** What `auth` turns on: the schemes in the order they are tried, and routes (the token endpoint's). */
export interface AuthSetup {
  readonly authenticators: Authenticator[] | false;
  readonly routes: ExtraRoute<AuthRouteHandler>[];
  /** Who owns a principal's jobs (see `auth.callers`). */
  readonly jobOwner: JobOwner;
}

/** Builds every scheme `auth` asks for, once; refuses an engine without any. */
export function createAuth(
  auth: AuthOptions | false | undefined,
  logger: Logger = stderrLogger,
  onTokenFailure?: (kind: 'invalid_client' | 'limited') => void,
): AuthSetup {
  if (auth === false) {
    logger.warn(
      {},
      'authentication is off (auth: false): anyone who can reach this server can use it; never run it so on a public network',
    );
    return { authenticators: false, routes: [], jobOwner: createJobOwner(undefined, { issuers: [], custom: false }) };
  }
  if (!auth || typeof auth !== 'object') throw new Error(NO_AUTH_MESSAGE);
  const authenticators: Authenticator[] = [];
  const routes: ExtraRoute<AuthRouteHandler>[] = [];
  const jwtVerifiers: JwtVerifier[] = [];
  if (auth.apiTokens !== undefined) authenticators.push(apiTokenAuthenticator(auth.apiTokens));
  if (auth.oauth2 !== undefined) jwtVerifiers.push(createJwtVerifier(auth.oauth2));
  if (auth.tokenEndpoint !== undefined) {
    const endpoint = createTokenEndpoint(auth.tokenEndpoint, logger, onTokenFailure);
    if (jwtVerifiers.some((verifier) => verifier.issuer === endpoint.verifier.issuer)) {
      throw new Error('byo-engine: auth.tokenEndpoint.issuer must differ from auth.oauth2.issuer');
    }
    jwtVerifiers.push(endpoint.verifier);
    routes.push(...endpoint.routes);
  }
  if (jwtVerifiers.length > 0) authenticators.push(bearerAuthenticator(jwtVerifiers, logger));
  if (auth.verify) authenticators.push(customAuthenticator(auth.verify));
  if (authenticators.length === 0) throw new Error(NO_AUTH_MESSAGE);
  const jobOwner = createJobOwner(auth.callers, {
    apiTokenNames: auth.apiTokens === undefined ? undefined : apiTokenNames(auth.apiTokens),
    issuers: jwtVerifiers.map((verifier) => verifier.issuer),
    custom: auth.verify !== undefined,
  });
  return { authenticators, routes, jobOwner };
}

/** The schemes that `auth` turns on, in the order they are tried; refuses an engine without any. */
export function createAuthenticators(auth: AuthOptions | false | undefined, logger?: Logger): Authenticator[] | false {
  return createAuth(auth, logger).authenticators;
}
