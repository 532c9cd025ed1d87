// Mistakes TypeScript would catch, refused at start-up for JavaScript users: unknown option keys at every
// level (named as written, with the nearest valid key), an empty language list, `auth: false` said aloud.
import { describe, expect, it } from 'vitest';
import { createByoEngine, type ByoEngineOptions } from 'byo-engine';
import { recordingLogger } from '../behaviour/harness.js';
import { silentLogger } from '../support/test-engine.js';

const TOKEN = 'start-up-token-0123456789';
const base = {
  translate: (request: { segments: { text: string }[] }) => request.segments.map((segment) => segment.text),
  languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
  auth: { apiTokens: { phrase: TOKEN } },
  logger: silentLogger,
};

/** Builds an engine from options as plain JavaScript would pass them (no type checks). */
const start = (options: Record<string, unknown>) => createByoEngine(options as unknown as ByoEngineOptions);

describe('unknown option keys, one per level', () => {
  const cases: { level: string; options: Record<string, unknown>; message: string }[] = [
    {
      level: 'options',
      options: { ...base, job: { concurrency: 4 } },
      message: 'byo-engine: unknown option options.job: did you mean options.jobs?',
    },
    {
      level: 'options.jobs',
      options: { ...base, jobs: { concurency: 4 } },
      message: 'byo-engine: unknown option options.jobs.concurency: did you mean options.jobs.concurrency?',
    },
    {
      level: 'options.sync',
      options: { ...base, sync: { timeout: 1_000 } },
      message: 'byo-engine: unknown option options.sync.timeout: did you mean options.sync.timeoutMs?',
    },
    {
      level: 'options.limits',
      options: { ...base, limits: { maxBodySize: 1_000 } },
      message: 'byo-engine: unknown option options.limits.maxBodySize: did you mean options.limits.maxBodyBytes?',
    },
    {
      level: 'options.auth',
      options: { ...base, auth: { apiToken: [TOKEN] } },
      message: 'byo-engine: unknown option options.auth.apiToken: did you mean options.auth.apiTokens?',
    },
    {
      level: 'options.auth.apiTokens.<name>',
      options: { ...base, auth: { apiTokens: { phrase: { tokens: [TOKEN] } } } },
      message: 'byo-engine: unknown option options.auth.apiTokens.phrase.tokens: did you mean options.auth.apiTokens.phrase.token?',
    },
    {
      level: 'options.auth.oauth2',
      options: { ...base, auth: { oauth2: { issuer: 'https://idp', audience: 'byo', jwks_uri: 'https://idp/jwks' } } },
      message: 'byo-engine: unknown option options.auth.oauth2.jwks_uri: did you mean options.auth.oauth2.jwksUri?',
    },
    {
      level: 'options.auth.tokenEndpoint',
      options: { ...base, auth: { tokenEndpoint: { client: {} } } },
      message: 'byo-engine: unknown option options.auth.tokenEndpoint.client: did you mean options.auth.tokenEndpoint.clients?',
    },
    {
      level: 'options.auth.tokenEndpoint.clients.<id>',
      options: { ...base, auth: { tokenEndpoint: { clients: { phrase: { secret: 'a-client-secret-0123', scope: ['x'] } } } } },
      message:
        'byo-engine: unknown option options.auth.tokenEndpoint.clients.phrase.scope: did you mean options.auth.tokenEndpoint.clients.phrase.scopes?',
    },
  ];
  for (const { level, options, message } of cases) {
    it(`refuses a mistyped key in ${level}, suggesting the nearest`, () => {
      expect(() => start(options)).toThrow(message);
    });
  }

  it('lists the valid keys, and suggests nothing when no key is close', () => {
    let error: Error | undefined;
    try {
      start({ ...base, frobnicate: true });
    } catch (thrown) {
      error = thrown as Error;
    }
    expect(error?.message).toBe(
      'byo-engine: unknown option options.frobnicate. Valid keys of options: translate, languages, languagesCacheMs, status, auth, jobs, ' +
        'sync, limits, serveOpenApi, logger',
    );
  });

  it('takes every documented key at every level', async () => {
    const engine = start({
      ...base,
      languagesCacheMs: 1_000,
      status: () => 'ok',
      auth: { apiTokens: { phrase: { token: TOKEN, scopes: ['translate:write'] } }, verify: () => null },
      jobs: { concurrency: 2, maxQueued: 10, timeoutMs: 1_000, ttlSeconds: 60, maxJobs: 100 },
      sync: { timeoutMs: 1_000, concurrency: 2, maxQueued: 10 },
      limits: { maxBodyBytes: 1_000_000, maxSegmentChars: 100, maxGlossaryEntries: 10, maxJsonDepth: 10 },
      serveOpenApi: false,
    });
    await engine.close();
  });
});

describe('other start-up mistakes', () => {
  it('refuses an empty language list', () => {
    expect(() => start({ ...base, languages: [] })).toThrow(
      'byo-engine: options.languages is empty: list at least one { sourceLanguage, targetLanguage } pair',
    );
  });

  it('reports an invalid pair under the option name, languages[0]', () => {
    expect(() => start({ ...base, languages: [{ source: 'en', target: 'de' }] })).toThrow(
      "byo-engine: options.languages is invalid: languages[0] must have required property 'sourceLanguage'",
    );
  });

  it('warns once when authentication is off', async () => {
    const { logger, lines } = recordingLogger();
    const engine = start({ ...base, auth: false, logger });
    await engine.handle({ method: 'POST', path: '/status', headers: {} });
    expect(lines).toEqual([
      {
        level: 'warn',
        details: {},
        message: 'authentication is off (auth: false): anyone who can reach this server can use it; never run it so on a public network',
      },
    ]);
    await engine.close();
  });
});
