import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByoEngine } from 'byo-engine';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { BROKEN_PREFIX, BROKEN_TOKEN, startBrokenEngine } from './broken-engine.js';
import { runCli } from '../../cli/cli.js';
import { captureIo, DEMO_TOKEN, demoEngine } from './check-helpers.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `npx tsx cli/main.ts ...` as a user would, with stdout piped. */
function runBin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.BYO_API_TOKEN;
    delete env.FORCE_COLOR;
    const child = spawn('npx', ['tsx', 'cli/main.ts', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the byo-engine bin', () => {
  let engine: ByoEngine;
  let app: RunningApp;
  let broken: RunningApp;
  beforeAll(async () => {
    engine = demoEngine();
    app = await adapterRows[0].start(engine, { prefix: '/byo', hostBodyParser: false });
    broken = await startBrokenEngine(['wrong-field-name', 'wrong-segment-count', 'no-auth', 'missing-retry-after', 'job-never-finishes']);
  });
  afterAll(async () => {
    await app.close();
    await broken.close();
    await engine.close();
  });

  it('prints a plain table (no colours when piped) and exits 0 against the example', { timeout: 90_000 }, async () => {
    const { code, stdout, stderr } = await runBin(['check', `${app.origin}/byo`, '--api-token', DEMO_TOKEN]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^CHECK +RESULT +EXPECTED +GOT\n/);
    expect(stdout).toMatch(
      /^translate\.500-segments +PASS +200 TranslateResponse, 500 segments, echoed in order +200, 500 segments in order/m,
    );
    expect(stdout).toContain('PASSED: 16 passed, 0 failed, 0 skipped');
    expect(stdout).not.toContain('\x1b[');
    expect(code).toBe(0);
  });

  it('reports every fault of the broken engine in --json and exits 1', async () => {
    // In process: one child process is enough to prove the bin, and each costs seconds on a busy machine.
    const io = captureIo();
    const code = await runCli(
      ['check', `${broken.origin}${BROKEN_PREFIX}`, '--api-token', BROKEN_TOKEN, '--json', '--job-timeout', '1'],
      io,
    );
    const report = JSON.parse(io.out()) as {
      mode: string;
      passed: boolean;
      checks: { name: string; outcome: string; problems: string[] }[];
    };
    const failed = report.checks.filter((check) => check.outcome === 'fail').map((check) => check.name);
    expect(failed).toEqual([
      'translate.one-segment',
      'translate.500-segments',
      'translate.long-segment',
      'translate.glossary-metadata',
      'translate.unicode',
      'translateAsync.poll',
      'auth.missing-credentials',
      'auth.invalid-credentials',
      'rate-limit.retry-after',
    ]);
    const problems = report.checks.flatMap((check) => check.problems).join('\n');
    expect(problems).toContain("must have required property 'translatedText'");
    expect(problems).toContain('429 from POST /status without Retry-After');
    expect(report).toMatchObject({ mode: 'conformance', passed: false });
    expect(code).toBe(1);
  });
});
