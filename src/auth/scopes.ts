import { isArray } from '../is-array.js';
import { operationSpecs } from '../openapi/operation-specs.js';

/** The six OAuth2 scopes of the API, one per operation, as the document declares them. */
export const OPERATION_SCOPES: readonly string[] = Object.freeze(operationSpecs.map((spec) => spec.scope));

/** Throws at start-up when a configured scope list names a scope no operation has (a typo would deny silently). */
export function checkKnownScopes(where: string, scopes: readonly string[] | undefined): void {
  if (scopes === undefined) return;
  if (!isArray(scopes)) throw new Error(`byo-engine: ${where} must be an array of scopes`);
  for (const scope of scopes) {
    if (!OPERATION_SCOPES.includes(scope)) {
      throw new Error(`byo-engine: ${where} names the unknown scope "${scope}"; known scopes: ${OPERATION_SCOPES.join(', ')}`);
    }
  }
}
