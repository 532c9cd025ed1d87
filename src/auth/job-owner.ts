import type { Principal } from './principal.js';

/** One principal as `auth.callers` names it: its scheme, its name, and for `oauth2` the token issuer. */
export interface PrincipalRef {
  scheme: 'api-token' | 'oauth2' | 'custom';
  /** The API token's name, the token's client (`client_id`, else `azp`, else `sub`), or your verifier's name. */
  name: string;
  /** `oauth2` only, and required there: the issuer of the tokens (`auth.oauth2.issuer` or the token endpoint's). */
  issuer?: string;
}

/** Named callers, each made of principals from several schemes or issuers that share jobs. */
export type CallerMap = Readonly<Record<string, readonly PrincipalRef[]>>;

/** Maps a principal to the key that owns its jobs. */
export type JobOwner = (principal: Principal) => string;

const SCHEMES: ReadonlySet<string> = new Set(['api-token', 'oauth2', 'custom']);

/**
 * A principal's own key: scheme, issuer and name together, JSON-encoded so no two ever meet (an OAuth2 token
 * with `sub=alice` is not the API token caller `alice`, nor `alice` at another issuer).
 */
function ownKey(scheme: string, name: string, issuer: string | undefined): string {
  return JSON.stringify(issuer === undefined ? [scheme, name] : [scheme, issuer, name]);
}

/** What `auth` configured, to check `auth.callers` against at start-up. */
export interface ConfiguredSchemes {
  readonly apiTokenNames?: readonly string[];
  readonly issuers: readonly string[];
  readonly custom: boolean;
}

function checkRef(caller: string, ref: PrincipalRef, schemes: ConfiguredSchemes): void {
  const where = `byo-engine: auth.callers["${caller}"]`;
  if (typeof ref !== 'object' || ref === null || !SCHEMES.has(ref.scheme)) {
    throw new Error(`${where}: each entry needs a scheme of 'api-token', 'oauth2' or 'custom'`);
  }
  if (typeof ref.name !== 'string' || ref.name === '') throw new Error(`${where}: each entry needs a non-empty name`);
  if (ref.scheme === 'oauth2') {
    if (!schemes.issuers.includes(ref.issuer as string)) {
      throw new Error(`${where}: an oauth2 entry needs the issuer of its tokens, one of ${JSON.stringify(schemes.issuers)}`);
    }
    return;
  }
  if (ref.issuer !== undefined) throw new Error(`${where}: only oauth2 entries have an issuer`);
  if (ref.scheme === 'api-token' && !schemes.apiTokenNames?.includes(ref.name)) {
    throw new Error(`${where}: no API token is named "${ref.name}" in auth.apiTokens`);
  }
  if (ref.scheme === 'custom' && !schemes.custom) throw new Error(`${where}: a custom entry needs auth.verify`);
}

/**
 * Builds, once, the owner of each principal's jobs: its own key, unless `auth.callers` maps it to a named
 * caller, whose principals then share jobs. A principal may belong to one caller only.
 */
export function createJobOwner(callers: CallerMap | undefined, schemes: ConfiguredSchemes): JobOwner {
  const mapped = new Map<string, string>();
  if (callers !== undefined) {
    if (typeof callers !== 'object' || callers === null || Array.isArray(callers)) {
      throw new Error('byo-engine: auth.callers must map a caller name to a list of principals');
    }
    for (const [caller, refs] of Object.entries(callers)) {
      if (!Array.isArray(refs) || refs.length === 0)
        throw new Error(`byo-engine: auth.callers["${caller}"] must list at least one principal`);
      for (const ref of refs as readonly PrincipalRef[]) {
        checkRef(caller, ref, schemes);
        const key = ownKey(ref.scheme, ref.name, ref.issuer);
        if (mapped.has(key)) throw new Error(`byo-engine: auth.callers lists ${key} more than once`);
        mapped.set(key, JSON.stringify(['caller', caller]));
      }
    }
  }
  // API-token principals are made once (frozen) at start-up: their key is worked out once too. Principals made
  // per request (OAuth2 tokens) are not kept: a weak entry each would cost the GC more than the key costs.
  const known = new WeakMap<Principal, string>();
  return (principal) => {
    let owner = known.get(principal);
    if (owner === undefined) {
      const key = ownKey(principal.scheme, principal.name, principal.issuer);
      owner = mapped.get(key) ?? key;
      if (Object.isFrozen(principal)) known.set(principal, owner);
    }
    return owner;
  };
}
