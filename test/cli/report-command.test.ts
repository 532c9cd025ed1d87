// `--report` on the command line, in process against the demo engine: where the report goes, what it holds
// with and without --load, and that --json stays one JSON document. Chromium opens reports in report-browser.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/cli.js';
import type { ConformanceReport } from '../../cli/conformance.js';
import type { LoadReport } from '../../cli/load/load-run.js';
import type { HtmlReportInput } from '../../cli/report/html-report.js';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { captureIo, CHECK_NAMES, DEMO_TOKEN, demoEngine } from './check-helpers.js';

const folder = mkdtempSync(join(tmpdir(), 'byo-engine-report-command-'));

/** The data the report embeds, read back from the file. */
function embeddedData(file: string): HtmlReportInput {
  const page = readFileSync(file, 'utf8');
  const json = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(page);
  if (!json) throw new Error(`no report data in ${file}`);
  return JSON.parse(json[1]) as HtmlReportInput;
}

describe('byo-engine check --report', () => {
  const mounted = mountForBlock(adapterRows[0], demoEngine, { prefix: '/byo', hostBodyParser: false });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('without --load: the conformance table as usual, then the report of the checks alone', async () => {
    const file = join(folder, 'conformance.html');
    const io = captureIo();
    expect(await runCli(['check', mounted.base, '--api-token', DEMO_TOKEN, '--report', file], io)).toBe(0);
    expect(io.out()).toMatch(/^CHECK +RESULT/);
    expect(io.out()).toMatch(/PASSED: 16 passed, 0 failed, 0 skipped against .*\nHTML report written to (.*)\n$/);
    expect(io.out().endsWith(`HTML report written to ${file}\n`)).toBe(true);
    expect(io.err()).toBe('');
    const data = embeddedData(file);
    expect(data.baseUrl).toBe(mounted.base);
    expect(data.conformance?.checks.map((check) => check.name)).toEqual(CHECK_NAMES);
    expect(data.load).toBeUndefined();
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('<section id="conformance">');
    expect(page).not.toContain('<section id="load">');
  });

  it('with --load and --json: the checks run first, stdout is one JSON document, the report path goes to stderr', async () => {
    const file = join(folder, 'load.html');
    const io = captureIo();
    const code = await runCli(
      ['check', mounted.base, '--api-token', DEMO_TOKEN, '--load', '20', '--duration', '1', '--json', '--report', file],
      io,
    );
    const output = JSON.parse(io.out()) as LoadReport & { mode: string; conformance: ConformanceReport };
    expect(output.mode).toBe('load');
    expect(output.conformance.checks.map((check) => check.name)).toEqual(CHECK_NAMES);
    expect(output.conformance.passed).toBe(true);
    expect(output).toMatchObject({ scheduled: 20, dispatched: 20, errors: 0 });
    expect(code).toBe(output.passed ? 0 : 1);
    expect(io.err()).toBe(`HTML report written to ${file}\n`);

    const data = embeddedData(file);
    expect(data.conformance).toEqual(output.conformance);
    const { conformance: _conformance, mode: _mode, ...load } = output;
    expect(data.load?.report).toEqual(load);
    // The charts count every request of the run, the summary's requests by endpoint.
    const charts = data.load!.charts;
    const requests = Object.values(charts.endpoints).reduce((sum, endpoint) => sum + endpoint.requests, 0);
    expect(requests).toBe(output.requests);
    for (const [endpoint, summary] of Object.entries(output.endpoints)) {
      const detail = charts.endpoints[endpoint];
      expect(detail.ok.atSeconds).toHaveLength(summary.count);
      expect(detail.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(summary.count);
      // The same slowest answer, to the summary's precision (three significant digits).
      expect(Math.abs(Math.max(...detail.ok.latencyMs) - summary.max)).toBeLessThanOrEqual(summary.max / 500 + 0.01);
    }
  });

  it('without --report, a --load run does not run the conformance checks', async () => {
    const io = captureIo();
    await runCli(['check', mounted.base, '--api-token', DEMO_TOKEN, '--load', '10', '--duration', '1', '--json'], io);
    expect(JSON.parse(io.out())).not.toHaveProperty('conformance');
    expect(io.err()).toBe('');
  });
});
