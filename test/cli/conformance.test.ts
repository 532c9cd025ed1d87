import { describe, expect, it } from 'vitest';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { BROKEN_PREFIX, BROKEN_TOKEN, startBrokenEngine, type Fault } from './broken-engine.js';
import { CHECK_NAMES, checkEngine, checkNamed, DEMO_TOKEN, demoEngine, failedChecks } from './check-helpers.js';

for (const row of adapterRows) {
  describe(`byo-engine check against the ${row.name} example`, () => {
    const mounted = mountForBlock(row, demoEngine, { prefix: '/byo', hostBodyParser: false });

    it('passes every check, translating the first listed pair', async () => {
      const report = await checkEngine(mounted.base, DEMO_TOKEN);
      expect(report.checks.filter((check) => check.outcome !== 'pass')).toEqual([]);
      expect(report.checks.map((check) => check.name)).toEqual(CHECK_NAMES);
      expect(report).toMatchObject({ passed: true, pair: 'en:de', baseUrl: mounted.base });
    });
  });
}

describe('byo-engine check options', () => {
  const mounted = mountForBlock(adapterRows[0], demoEngine, { prefix: '/api/v1/byo', hostBodyParser: true });

  it('translates the pair given, under a nested prefix and a trailing slash', async () => {
    const report = await checkEngine(`${mounted.app.origin}/api/v1/byo/`, DEMO_TOKEN, {
      pair: { sourceLanguage: 'de', targetLanguage: 'en' },
    });
    expect(failedChecks(report)).toEqual([]);
    expect(report.pair).toBe('de:en');
  });

  it('fails languages when the pair given is not listed', async () => {
    const report = await checkEngine(`${mounted.app.origin}/api/v1/byo`, DEMO_TOKEN, {
      pair: { sourceLanguage: 'en', targetLanguage: 'xx' },
    });
    expect(checkNamed(report, 'languages').got).toContain('en:xx is not among the 4 pairs listed');
    expect(report.passed).toBe(false);
  });

  it('reports a wrong token as refused calls, not as a crash', async () => {
    const report = await checkEngine(`${mounted.app.origin}/api/v1/byo`, 'not-the-token');
    expect(checkNamed(report, 'status').got).toMatch(/^status 401, expected 200/);
    // Without a pair nothing can be translated: those checks are skipped, the run fails.
    expect(checkNamed(report, 'translate.one-segment').outcome).toBe('skip');
    expect(report.passed).toBe(false);
  });

  it('stops at once with "cannot connect" when nothing answers, marking no check passed', async () => {
    const closed = await adapterRows[0].start(demoEngine(), { prefix: '/byo', hostBodyParser: false });
    await closed.close();
    await expect(checkEngine(`${closed.origin}/byo`, DEMO_TOKEN)).rejects.toThrow(
      `cannot connect to ${closed.origin}/byo (ECONNREFUSED): is the server running, and are the host and port right?`,
    );
  });
});

describe('byo-engine check against a deliberately broken engine', () => {
  const translationChecks = [
    'translate.one-segment',
    'translate.500-segments',
    'translate.long-segment',
    'translate.glossary-metadata',
    'translate.unicode',
    'translateAsync.result',
  ];
  const cases: { fault: Fault; failing: string[]; check: string; got: RegExp }[] = [
    {
      fault: 'wrong-field-name',
      failing: translationChecks,
      check: 'translate.one-segment',
      got: /must have required property 'translatedText'/,
    },
    { fault: 'wrong-segment-count', failing: translationChecks, check: 'translate.500-segments', got: /^499 segments, expected 500$/ },
    {
      fault: 'no-auth',
      failing: ['auth.missing-credentials', 'auth.invalid-credentials'],
      check: 'auth.missing-credentials',
      got: /status 200, expected 401 or 403/,
    },
    {
      fault: 'missing-retry-after',
      failing: ['rate-limit.retry-after'],
      check: 'rate-limit.retry-after',
      got: /^429 from POST \/status without Retry-After$/,
    },
    {
      fault: 'job-never-finishes',
      failing: ['translateAsync.poll'],
      check: 'translateAsync.poll',
      got: /^still "running" after \d+ polls/,
    },
  ];

  it("passes every check when it has no fault (so each failure below is the fault's own)", async () => {
    const engine = await startBrokenEngine([]);
    try {
      const report = await checkEngine(`${engine.origin}${BROKEN_PREFIX}`, BROKEN_TOKEN);
      expect(report.checks.filter((check) => check.outcome !== 'pass')).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  for (const { fault, failing, check, got } of cases) {
    it(`reports ${fault} by name and fails the run`, async () => {
      const engine = await startBrokenEngine([fault]);
      try {
        const report = await checkEngine(`${engine.origin}${BROKEN_PREFIX}`, BROKEN_TOKEN, { jobTimeoutMs: 700 });
        expect(failedChecks(report)).toEqual(failing);
        expect(checkNamed(report, check).got).toMatch(got);
        expect(report.passed).toBe(false);
      } finally {
        await engine.close();
      }
    });
  }

  it('skips fetching the result of a job that never finished', async () => {
    const engine = await startBrokenEngine(['job-never-finishes']);
    try {
      const report = await checkEngine(`${engine.origin}${BROKEN_PREFIX}`, BROKEN_TOKEN, { jobTimeoutMs: 300 });
      expect(checkNamed(report, 'translateAsync.result')).toMatchObject({ outcome: 'skip', got: 'the job did not finish' });
    } finally {
      await engine.close();
    }
  });
});
