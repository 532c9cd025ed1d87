import { SignJWT } from 'jose';
import type { EngineRequest, EngineResponse } from '../../http/engine-request.js';
import { HttpError } from '../../http/http-error.js';
import { readFormBody, type FormFields } from '../../http/read-form-body.js';
import { jsonResponse } from '../../http/responses.js';
import type { Logger } from '../../logger.js';
import { presentedCredentials } from './client-credentials.js';
import type { ClientRegistry, RegisteredClient } from './client-registry.js';
import { NO_CACHE_HEADERS, oauthError } from './oauth-error.js';
import type { SigningKey } from './signing-key.js';
import type { FailureLimiter } from './failure-limiter.js';

export interface TokenIssuerSettings {
  readonly clients: ClientRegistry;
  readonly signingKey: SigningKey;
  readonly issuer: string;
  readonly audience: string;
  readonly expiresInSeconds: number;
  readonly logger: Logger;
  /** Counts failed authentications; `undefined` when the limit is off. */
  readonly limiter?: FailureLimiter;
  /** Told of each failed authentication and each request refused for too many (metrics). */
  readonly onFailure?: (kind: 'invalid_client' | 'limited') => void;
}

/** A token request is a few hundred bytes; anything near this is not one. */
const MAX_TOKEN_REQUEST_BYTES = 16 * 1024;
const SINGLE_VALUED = ['grant_type', 'scope', 'client_id', 'client_secret'];
/**
 * What a failed attempt logs of the client id: a configured id as it is; of an unknown one only its length,
 * as it may be a secret pasted into the wrong field.
 */
const loggedId = (clients: ClientRegistry, id: string) => (clients.has(id) ? { clientId: id } : { unknownClientIdLength: id.length });

/** The scopes to grant: the requested ones if the client may have them all, else `undefined`. */
function grantedScopes(client: RegisteredClient, requested: string | undefined): string[] | undefined {
  if (requested === undefined) return [...client.scopes];
  const scopes = requested.split(' ').filter((scope) => scope !== '');
  if (scopes.length === 0 || !scopes.every((scope) => client.scopes.includes(scope))) return undefined;
  return [...new Set(scopes)];
}

const isForm = (value: FormFields | EngineResponse): value is FormFields => value instanceof Map;

async function readForm(request: EngineRequest): Promise<FormFields | EngineResponse> {
  let form: FormFields;
  try {
    form = await readFormBody(request, MAX_TOKEN_REQUEST_BYTES);
  } catch (error) {
    if (error instanceof HttpError) return oauthError('invalid_request', error.message, error.status === 413 ? 413 : 400);
    throw error;
  }
  const repeated = SINGLE_VALUED.find((name) => (form.get(name)?.length ?? 0) > 1);
  return repeated ? oauthError('invalid_request', `the parameter ${repeated} is repeated`) : form;
}

/** `POST {mount}/oauth/token`: RFC 6749 §4.4 client credentials grant. */
export function tokenHandler(settings: TokenIssuerSettings): (request: EngineRequest) => Promise<EngineResponse> {
  const { clients, signingKey, issuer, audience, expiresInSeconds, logger, limiter, onFailure } = settings;
  return async (request) => {
    const form = await readForm(request);
    if (!isForm(form)) return form;

    const credentials = presentedCredentials(request, form);
    if (credentials.kind === 'malformed') return oauthError('invalid_request', credentials.description);
    if (credentials.kind === 'none') {
      return oauthError('invalid_client', 'client authentication is required: send client_id and client_secret (HTTP Basic or form)');
    }
    try {
      limiter?.assertAllowed(credentials.id, request.remoteAddress);
    } catch (error) {
      onFailure?.('limited');
      throw error;
    }
    const client = clients.authenticate(credentials.id, credentials.secret);
    if (!client) {
      limiter?.recordFailure(credentials.id, clients.has(credentials.id), request.remoteAddress);
      onFailure?.('invalid_client');
      logger.warn(loggedId(clients, credentials.id), 'token request with an unknown client or a wrong secret');
      return oauthError('invalid_client', 'unknown client or wrong client secret');
    }

    const grantType = form.get('grant_type')?.[0];
    if (grantType === undefined)
      return oauthError('invalid_request', 'the parameter grant_type is missing: send grant_type=client_credentials');
    if (grantType !== 'client_credentials') {
      return oauthError('unsupported_grant_type', 'only grant_type=client_credentials is supported');
    }
    const scopes = grantedScopes(client, form.get('scope')?.[0]);
    if (!scopes)
      return oauthError('invalid_scope', `the requested scope is not granted to this client; it may ask for: ${client.scopes.join(' ')}`);

    const scope = scopes.join(' ');
    const accessToken = await new SignJWT({ client_id: client.id, scope })
      .setProtectedHeader({ alg: signingKey.algorithm, kid: signingKey.kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(client.id)
      .setIssuedAt()
      .setExpirationTime(`${expiresInSeconds}s`)
      .setJti(crypto.randomUUID())
      .sign(signingKey.privateKey);
    logger.info({ clientId: client.id, scope }, 'issued an access token');
    return jsonResponse(200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresInSeconds, scope }, NO_CACHE_HEADERS);
  };
}
