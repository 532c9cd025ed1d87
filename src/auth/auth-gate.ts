import type { EngineRequest } from '../http/engine-request.js';
import { HttpError } from '../http/http-error.js';
import type { Operation } from '../openapi/operations.js';
import type { Authenticator, AuthResult } from './authenticator.js';
import { ANONYMOUS, type Principal } from './principal.js';
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js';

/**
 * Decides who a request is, and whether they may call the operation; throws a 401 or 403 otherwise. Answers at
 * once when every scheme did (API tokens), a promise when one had to wait (a JWKS fetch, a custom verifier).
 */
export type AuthGate = (request: EngineRequest, operation: Operation) => MaybePromise<Principal>;

const hasScope = (principal: Principal, scope: string) => !principal.scopes || principal.scopes.includes(scope);

/** One header set from several; a later set wins on a shared name. */
const mergeHeaders = (sets: readonly Record<string, string>[]): Record<string, string> =>
  Object.fromEntries(sets.flatMap((headers) => Object.entries(headers)));

/**
 * One `WWW-Authenticate` value naming every accepted scheme (RFC 9110 §11.6.1: a 401 carries at least one
 * challenge), with `replaced`'s challenge swapped for `challenge` (a Bearer `invalid_token` one, say).
 * Bearer first: it is the registered scheme, and simple clients read only the first challenge.
 */
function combinedChallenge(authenticators: readonly Authenticator[], replaced?: Authenticator, challenge?: string): string {
  const challenges = authenticators.map((authenticator) => (authenticator === replaced ? challenge! : authenticator.challenge));
  return [...challenges.filter((value) => value.startsWith('Bearer ')), ...challenges.filter((value) => !value.startsWith('Bearer '))].join(
    ', ',
  );
}

/** Any scheme that accepts the request admits it (the spec lists OAuth2 and the API token as alternatives). */
export function createAuthGate(configured: readonly Authenticator[] | false): AuthGate {
  if (configured === false) return () => ANONYMOUS;
  const authenticators = configured;
  const hints = authenticators.map((authenticator) => authenticator.credentialHint).join(' or ');
  const challenge = { 'www-authenticate': combinedChallenge(authenticators) };

  /** The common case, one scheme that accepts with the scope, costs no array or promise. */
  function decideOne(result: AuthResult, operation: Operation): Principal {
    if (result.kind === 'accepted' && hasScope(result.principal, operation.scope)) return result.principal;
    return decide([result], operation);
  }

  function decide(results: readonly AuthResult[], operation: Operation): Principal {
    const accepted = results.flatMap((result) => (result.kind === 'accepted' ? [result.principal] : []));
    const allowed = accepted.find((principal) => hasScope(principal, operation.scope));
    if (allowed) return allowed;
    if (accepted.length > 0) {
      const scopeChallenge = authenticators.flatMap((authenticator, index) =>
        results[index].kind === 'accepted' && authenticator.scopeChallenge ? [authenticator.scopeChallenge(operation.scope)] : [],
      );
      throw new HttpError(
        403,
        `Forbidden: the credentials lack the scope ${operation.scope} that ${operation.method} ${operation.path} requires`,
        mergeHeaders(scopeChallenge),
      );
    }
    const rejectedAt = results.findIndex((result) => result.kind === 'rejected');
    const rejected = results[rejectedAt];
    if (rejected?.kind === 'rejected') {
      if (rejected.status === 503)
        throw new HttpError(503, `Cannot check credentials now: ${rejected.reason}`, rejected.headers, 'auth_unavailable');
      const ownChallenge = rejected.headers?.['www-authenticate'];
      const headers = { ...challenge, ...rejected.headers };
      if (ownChallenge) headers['www-authenticate'] = combinedChallenge(authenticators, authenticators[rejectedAt], ownChallenge);
      throw new HttpError(401, `Unauthorized: ${rejected.reason}`, headers);
    }
    throw new HttpError(401, `Unauthorized: send ${hints}`, challenge);
  }

  async function decideLater(pending: readonly MaybePromise<AuthResult>[], operation: Operation): Promise<Principal> {
    const results: AuthResult[] = [];
    for (const result of pending) results.push(await result);
    return decide(results, operation);
  }

  if (authenticators.length === 1) {
    const [only] = authenticators;
    return (request, operation) => {
      const result = only.authenticate(request, operation);
      return isPromiseLike(result)
        ? Promise.resolve(result).then((settled) => decideOne(settled, operation))
        : decideOne(result, operation);
    };
  }
  return (request, operation) => {
    // Every scheme is asked; one that has to wait makes the decision wait for all.
    const results: MaybePromise<AuthResult>[] = [];
    let waiting = false;
    for (const authenticator of authenticators) {
      const result = authenticator.authenticate(request, operation);
      if (isPromiseLike(result)) waiting = true;
      results.push(result);
    }
    return waiting ? decideLater(results, operation) : decide(results as AuthResult[], operation);
  };
}
