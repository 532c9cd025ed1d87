// Unknown option keys are refused at start-up: in plain JavaScript a mistyped key (`job` for `jobs`) would
// otherwise be ignored without a word. Each level of the options declares its keys ONCE below, as a record
// over the interface's keys: the compiler then refuses a declaration that misses or invents a key, so a
// new option added to an interface must be added here too (or `tsc` fails).
import type { ApiTokenEntry } from './auth/api-tokens.js';
import type { OAuth2Options } from './auth/oauth2/oauth2-options.js';
import type { TokenEndpointClient, TokenEndpointOptions } from './auth/token-endpoint/token-endpoint-options.js';
import type { AuthOptions, ByoEngineOptions, JobsOptions, LimitOptions, SyncOptions } from './options.js';

/** Every key of `T`, each exactly once (`true`): what the level accepts. */
type KeyDeclaration<T> = { readonly [K in keyof Required<T>]: true };

const declare = <T>(keys: KeyDeclaration<T>): readonly string[] => Object.keys(keys);

/** `createByoEngine(options)`: the top level. */
const ENGINE_KEYS = declare<ByoEngineOptions>({
  translate: true,
  languages: true,
  languagesCacheMs: true,
  status: true,
  auth: true,
  jobs: true,
  sync: true,
  limits: true,
  serveOpenApi: true,
  logger: true,
});
const AUTH_KEYS = declare<AuthOptions>({ apiTokens: true, oauth2: true, tokenEndpoint: true, verify: true, callers: true });
const OAUTH2_KEYS = declare<OAuth2Options>({
  jwksUri: true,
  publicKey: true,
  secret: true,
  issuer: true,
  audience: true,
  algorithms: true,
  clockToleranceSeconds: true,
  jwksCooldownMs: true,
});
const TOKEN_ENDPOINT_KEYS = declare<TokenEndpointOptions>({
  clients: true,
  signingKey: true,
  expiresInSeconds: true,
  issuer: true,
  audience: true,
  failureLimit: true,
});
const TOKEN_ENDPOINT_CLIENT_KEYS = declare<TokenEndpointClient>({ secret: true, scopes: true });
const API_TOKEN_ENTRY_KEYS = declare<ApiTokenEntry>({ token: true, scopes: true });
const JOBS_KEYS = declare<JobsOptions>({
  store: true,
  concurrency: true,
  maxQueued: true,
  timeoutMs: true,
  ttlSeconds: true,
  maxJobs: true,
  backend: true,
  maxBytes: true,
  callerShare: true,
});
const SYNC_KEYS = declare<SyncOptions>({ timeoutMs: true, concurrency: true, maxQueued: true });
const LIMIT_KEYS = declare<LimitOptions>({
  maxBodyBytes: true,
  maxSegmentChars: true,
  maxGlossaryEntries: true,
  maxJsonDepth: true,
  maxMetadataKeys: true,
  maxMetadataBytes: true,
  bodyIdleTimeoutMs: true,
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Edit distance (insertions, deletions, substitutions), for the "did you mean" hint. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

const commonPrefixLength = (a: string, b: string) => {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length++;
  return length;
};

/** The valid key closest to `key`, when it is close enough to be a typo (`job`, `concurency`, `maxBodySize`). */
export function nearestKey(key: string, valid: readonly string[]): string | undefined {
  const typed = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of valid) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(typed, lower);
    // A small edit, or the same start with a different ending (`maxBodySize` for `maxBodyBytes`).
    const close =
      distance <= Math.max(2, Math.floor(key.length / 3)) ||
      commonPrefixLength(typed, lower) >= Math.max(4, Math.min(typed.length, lower.length) * 0.6);
    if (close && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** Throws when `value` (an object at `path`) has a key that `valid` does not list. */
function checkLevel(path: string, value: unknown, valid: readonly string[]): void {
  if (!isPlainObject(value)) return; // wrong types are refused by the option's own check
  for (const key of Object.keys(value)) {
    if (valid.includes(key)) continue;
    const nearest = nearestKey(key, valid);
    throw new Error(
      `byo-engine: unknown option ${path}.${key}` +
        (nearest ? `: did you mean ${path}.${nearest}?` : '.') +
        ` Valid keys of ${path}: ${valid.join(', ')}`,
    );
  }
}

/** Refuses every key the options do not define, at every level, naming it as written and the nearest valid key. */
export function checkOptionKeys(options: unknown): void {
  checkLevel('options', options, ENGINE_KEYS);
  if (!isPlainObject(options)) return;
  checkLevel('options.jobs', options.jobs, JOBS_KEYS);
  checkLevel('options.sync', options.sync, SYNC_KEYS);
  checkLevel('options.limits', options.limits, LIMIT_KEYS);
  const auth = options.auth;
  checkLevel('options.auth', auth, AUTH_KEYS);
  if (!isPlainObject(auth)) return;
  checkLevel('options.auth.oauth2', auth.oauth2, OAUTH2_KEYS);
  if (isPlainObject(auth.apiTokens)) {
    for (const [name, entry] of Object.entries(auth.apiTokens)) checkLevel(`options.auth.apiTokens.${name}`, entry, API_TOKEN_ENTRY_KEYS);
  }
  const tokenEndpoint = auth.tokenEndpoint;
  checkLevel('options.auth.tokenEndpoint', tokenEndpoint, TOKEN_ENDPOINT_KEYS);
  if (isPlainObject(tokenEndpoint) && isPlainObject(tokenEndpoint.clients)) {
    for (const [id, client] of Object.entries(tokenEndpoint.clients)) {
      checkLevel(`options.auth.tokenEndpoint.clients.${id}`, client, TOKEN_ENDPOINT_CLIENT_KEYS);
    }
  }
}
