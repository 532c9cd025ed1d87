import type { ApiTokens } from './auth/api-tokens.js';
import type { CustomVerifier } from './auth/custom-verifier.js';
import type { CallerMap } from './auth/job-owner.js';
import type { OAuth2Options } from './auth/oauth2/oauth2-options.js';
import type { TokenEndpointOptions } from './auth/token-endpoint/token-endpoint-options.js';
import type { JobBackendFactory } from './jobs/job-backend.js';
import type { JobStore } from './jobs/job-store.js';
import type { LanguagesSource } from './languages.js';
import type { Logger } from './logger.js';
import type { TranslateFunction } from './translation/translator.js';

/** How callers authenticate. At least one scheme is required; `auth: false` turns authentication off. */
export interface AuthOptions {
  /** Tokens accepted in the `X-Api-Token` header: a list, or a map from caller name to token. */
  apiTokens?: ApiTokens;
  /** Bearer JWTs from your identity provider (OAuth2 client credentials): issuer, audience, keys. */
  oauth2?: OAuth2Options;
  /** A built-in token endpoint at `POST {mount}/oauth/token`; the engine accepts the tokens it issues. */
  tokenEndpoint?: TokenEndpointOptions;
  /** Your own scheme, tried alongside the others. */
  verify?: CustomVerifier;
  /**
   * Principals of different schemes or issuers that are one caller and share jobs, by caller name:
   * `{ alice: [{ scheme: 'api-token', name: 'alice' }, { scheme: 'oauth2', issuer: 'https://idp/', name: 'alice-app' }] }`.
   * Without it no two schemes or issuers share jobs, whatever the names.
   */
  callers?: CallerMap;
}

/** Async jobs (`/translateAsync`): where they live, how many run, how long they are kept. */
export interface JobsOptions {
  /** Where jobs live. Default: a `MemoryJobStore` (one process). */
  store?: JobStore;
  /**
   * Or where jobs go instead of a store and the in-process runner: a job backend such as
   * `bullmqJobs({ url })` of `byo-engine/bullmq` (durable jobs, separate workers). Not with `store`.
   */
  backend?: JobBackendFactory;
  /** Jobs translated at the same time. Default 4. */
  concurrency?: number;
  /** Jobs waiting for a slot before `/translateAsync` answers 429. Default 1,000. */
  maxQueued?: number;
  /** A job still translating after this fails with a timeout detail. Default 300,000 (5 minutes). */
  timeoutMs?: number;
  /** How long a job is kept after it was created, and again after it finished. Default 2,100 (35 minutes). */
  ttlSeconds?: number;
  /** Jobs kept by the default memory store; the oldest finished go first. Default 10,000. */
  maxJobs?: number;
  /** Bytes of results kept by the default memory store (each result counted as its JSON). Default 256 MiB. */
  maxBytes?: number;
  /**
   * The part of `maxJobs` and `maxBytes` one caller may hold in the default memory store (above 0, at most 1):
   * a caller at its share evicts only its own finished jobs, never another's. Default 0.25.
   */
  callerShare?: number;
}

/** Synchronous `/translate` requests: timeout and how many run or wait at once. */
export interface SyncOptions {
  /** `/translate` answers 504 when the translator takes longer. Default 60,000. */
  timeoutMs?: number;
  /** `/translate` requests translated at the same time (a positive integer). Default 200. */
  concurrency?: number;
  /** `/translate` requests waiting for a slot before the next one gets 429 with Retry-After (0: none wait). Default 1,000. */
  maxQueued?: number;
}

/** Limits on request bodies, checked before the translator is called. */
export interface LimitOptions {
  /** Largest request body, in bytes. Default 10 MiB (500 segments of 5,000 four-byte characters). */
  maxBodyBytes?: number;
  /** Longest segment `text`, in characters (Unicode code points); longer is a 400 naming the segment. Default 10,000. */
  maxSegmentChars?: number;
  /** Most `glossary` entries in one translate request; more is a 400. Default 1,000. */
  maxGlossaryEntries?: number;
  /** Deepest nesting of objects and arrays in a body (the body is level 1); deeper is a 400. Default 64. */
  maxJsonDepth?: number;
  /** Most keys in a translate request's metadata, the request's and the segments' together, nested keys and array items included; more is a 400. Default 10,000. */
  maxMetadataKeys?: number;
  /** Largest size of a translate request's metadata as JSON, the request's and the segments' together; larger is a 400. Default 1 MiB. */
  maxMetadataBytes?: number;
  /**
   * A request body that sends nothing for this long is cut: 408 and `Connection: close`. Default 10,000 ms.
   * It bounds the pauses, not the whole upload: set the host server's `requestTimeout` for that.
   */
  bodyIdleTimeoutMs?: number;
}

/** Everything `createByoEngine` needs: your translator, your languages, and who may call. */
export interface ByoEngineOptions {
  /** Your backend: turns a translate request into one translation per segment. */
  translate: TranslateFunction;
  /** Supported pairs, or a function that returns them (cached for `languagesCacheMs`). */
  languages: LanguagesSource;
  /** How long the answer of a `languages` function is reused. Default 60,000 ms. */
  languagesCacheMs?: number;
  /** Engine health for `/status`. Default: always `ok`. Throwing counts as `not_ok`. */
  status?: () => 'ok' | 'not_ok' | Promise<'ok' | 'not_ok'>;
  /** Required: who may call the engine. Pass `false` explicitly to run without authentication. */
  auth: AuthOptions | false;
  jobs?: JobsOptions;
  sync?: SyncOptions;
  limits?: LimitOptions;
  /** Serve the OpenAPI document at `GET {mount}/openapi.json`. Default true. */
  serveOpenApi?: boolean;
  /** Where warnings and errors go. Default: JSON lines on stderr. */
  logger?: Logger;
}

/** The default of every option (the documented limits are held against these by a test). */
export const DEFAULTS = {
  languagesCacheMs: 60_000,
  jobConcurrency: 4,
  maxQueuedJobs: 1_000,
  jobTimeoutMs: 300_000,
  jobTtlSeconds: 2_100,
  maxJobs: 10_000,
  maxStoreBytes: 256 * 1024 * 1024,
  callerShare: 0.25,
  syncTimeoutMs: 60_000,
  maxBodyBytes: 10 * 1024 * 1024,
  maxSegments: 500,
  closeGraceMs: 10_000,
  syncConcurrency: 200,
  maxQueuedSync: 1_000,
  maxSegmentChars: 10_000,
  maxGlossaryEntries: 1_000,
  maxJsonDepth: 64,
  maxMetadataKeys: 10_000,
  maxMetadataBytes: 1024 * 1024,
  bodyIdleTimeoutMs: 10_000,
} as const;
