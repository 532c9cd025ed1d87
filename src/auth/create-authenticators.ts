import type { AuthOptions } from '../options.js';
import { apiTokenAuthenticator } from './api-tokens.js';
import type { Authenticator } from './authenticator.js';
import { customAuthenticator } from './custom-verifier.js';

const NO_AUTH_MESSAGE =
  'byo-engine: no authentication configured. Pass auth: { apiTokens: { phrase: process.env.BYO_API_TOKEN } } ' +
  '(or another scheme), or auth: false to run without authentication (never on a public network).';

/** The schemes that `auth` turns on, in the order they are tried; refuses an engine without any. */
export function createAuthenticators(auth: AuthOptions | false | undefined): Authenticator[] | false {
  if (auth === false) return false;
  if (!auth || typeof auth !== 'object') throw new Error(NO_AUTH_MESSAGE);
  const authenticators: Authenticator[] = [];
  if (auth.apiTokens !== undefined) authenticators.push(apiTokenAuthenticator(auth.apiTokens));
  if (auth.verify) authenticators.push(customAuthenticator(auth.verify));
  if (authenticators.length === 0) throw new Error(NO_AUTH_MESSAGE);
  return authenticators;
}
