import { createByoEngine, type ByoEngine } from 'byo-engine';
import { demoLanguages, demoTranslate } from '../../examples/shared/demo-translator.js';
import type { CliIo } from '../../cli/cli.js';
import { runConformance, type ConformanceOptions, type ConformanceReport } from '../../cli/conformance.js';
import { createCredentials } from '../../cli/credentials.js';
import { EngineClient } from '../../cli/engine-client.js';
import { silentLogger } from '../support/test-engine.js';

export const DEMO_TOKEN = 'demo-check-token-0123456789';

/** The engine as the examples build it: the demo translator and languages, one API token. */
export function demoEngine(): ByoEngine {
  return createByoEngine({
    translate: demoTranslate,
    languages: demoLanguages,
    auth: { apiTokens: { phrase: DEMO_TOKEN } },
    logger: silentLogger,
  });
}

/** Every check, in the order the conformance run reports them (with an API token). */
export const CHECK_NAMES = [
  'status',
  'languages',
  'translate.one-segment',
  'translate.500-segments',
  'translate.long-segment',
  'translate.glossary-metadata',
  'translate.unicode',
  'translate.501-segments',
  'translateAsync.submit',
  'translateAsync.poll',
  'translateAsync.result',
  'translateAsyncStatus.unknown-id',
  'translateAsyncResult.unknown-id',
  'auth.missing-credentials',
  'auth.invalid-credentials',
  'rate-limit.retry-after',
];

/** Runs the conformance checks with an API token, short job timeout and retry delay. */
export async function checkEngine(
  baseUrl: string,
  token: string,
  overrides: Partial<Omit<ConformanceOptions, 'client'>> = {},
): Promise<ConformanceReport> {
  const client = new EngineClient(baseUrl, { connections: 4, timeoutMs: 10_000 });
  try {
    return await runConformance({
      client,
      credentials: createCredentials({ kind: 'api-token', token }, 10_000),
      jobTimeoutMs: 5_000,
      fallbackRetryDelayMs: 50,
      ...overrides,
    });
  } finally {
    await client.close();
  }
}

export const failedChecks = (report: ConformanceReport) =>
  report.checks.filter((check) => check.outcome === 'fail').map((check) => check.name);

export const checkNamed = (report: ConformanceReport, name: string) => {
  const check = report.checks.find((candidate) => candidate.name === name);
  if (!check) throw new Error(`no check named ${name}`);
  return check;
};

/** Captures what runCli writes, as a pipe would (no TTY). */
export function captureIo(env: Record<string, string | undefined> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env,
    out: () => out,
    err: () => err,
  };
}
