import type { EngineRequest } from '../http/engine-request.js';
import { HttpError } from '../http/http-error.js';
import type { Operation } from '../openapi/operations.js';
import type { Authenticator, AuthResult } from './authenticator.js';
import { ANONYMOUS, type Principal } from './principal.js';

/** Decides who a request is, and whether they may call the operation; throws a 401 or 403 otherwise. */
export type AuthGate = (request: EngineRequest, operation: Operation) => Promise<Principal>;

const hasScope = (principal: Principal, scope: string) => !principal.scopes || principal.scopes.includes(scope);

/** Any scheme that accepts the request admits it (the spec lists OAuth2 and the API token as alternatives). */
export function createAuthGate(authenticators: readonly Authenticator[] | false): AuthGate {
  if (authenticators === false) return async () => ANONYMOUS;
  const hints = authenticators.map((authenticator) => authenticator.credentialHint).join(' or ');
  const challenge = Object.assign({}, ...authenticators.map((authenticator) => authenticator.challengeHeaders ?? {}));

  return async (request, operation) => {
    const results: AuthResult[] = [];
    for (const authenticator of authenticators) results.push(await authenticator.authenticate(request, operation));

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
        Object.assign({}, ...scopeChallenge),
      );
    }
    const rejected = results.find((result) => result.kind === 'rejected');
    if (rejected && rejected.kind === 'rejected') {
      if (rejected.status === 503)
        throw new HttpError(503, `Cannot check credentials now: ${rejected.reason}`, rejected.headers, 'auth_unavailable');
      throw new HttpError(401, `Unauthorized: ${rejected.reason}`, { ...challenge, ...rejected.headers });
    }
    throw new HttpError(401, `Unauthorized: send ${hints}`, challenge);
  };
}
