import type { HtmlReportInput } from '../../cli/report/html-report.js';
import type { LoadReport } from '../../cli/load/load-run.js';
import type { LoadCharts } from '../../cli/load/load-charts.js';

/** Markup that would run a script if it reached the page as markup, in a script element or an attribute. */
export const HOSTILE = `</script><script>alert(1)</script><img src=x onerror="alert(2)">' & <!--`;

const latency = { count: 3, p50: 2, p95: 4, p99: 5, max: 6 };

/** A load run whose one endpoint and failure messages carry hostile text, with two answered and one failed request. */
function hostileLoad(endpoint: string): { report: LoadReport; charts: LoadCharts } {
  const report: LoadReport = {
    baseUrl: `http://127.0.0.1:1/${HOSTILE}`,
    pair: 'en:de',
    targetRate: 3,
    durationSeconds: 1,
    scheduled: 3,
    dispatched: 3,
    answered: 3,
    afterSchedule: 0,
    achievedRate: 3,
    dispatchRate: 3,
    dispatchLagMs: latency,
    checkerLoopDelayMs: { p50: 1, p99: 2, max: 3 },
    maxInFlight: 1,
    connections: 64,
    endpoints: { [endpoint]: latency },
    statusCounts: { '200': 2, [HOSTILE]: 1 },
    requests: 3,
    errors: 1,
    throttledWithoutRetryAfter: 0,
    asyncJobs: { submitted: 0, completed: 0, failed: 0, timedOut: 0, durationMs: { count: 0, p50: 0, p95: 0, p99: 0, max: 0 } },
    held: true,
    passed: false,
    failures: [HOSTILE],
  };
  const charts: LoadCharts = {
    sampleLimits: { ok: 2000, failed: 500 },
    endpoints: {
      [endpoint]: {
        requests: 3,
        failed: 1,
        ok: { atSeconds: [0, 0.33], latencyMs: [2, 4] },
        failures: { atSeconds: [0.66], latencyMs: [6] },
        histogram: [
          { fromMs: 2, toMs: 2.51, count: 1 },
          { fromMs: 2.51, toMs: 3.16, count: 0 },
          { fromMs: 3.16, toMs: 3.98, count: 1 },
        ],
      },
    },
  };
  return { report, charts };
}

/** A report where every string an engine or a user controls is hostile markup. */
export function hostileReportInput(): HtmlReportInput {
  const baseUrl = `http://127.0.0.1:1/${HOSTILE}`;
  return {
    baseUrl,
    generatedAt: '2026-01-02T03:04:05.000Z',
    conformance: {
      baseUrl,
      pair: `en:${HOSTILE}`,
      passed: false,
      checks: [
        { name: 'status', outcome: 'pass', expected: '200 StatusResponse with status "ok"', got: '200 ok (3 ms)', problems: [] },
        { name: 'translate.one-segment', outcome: 'fail', expected: HOSTILE, got: HOSTILE, problems: [HOSTILE, `second ${HOSTILE}`] },
      ],
    },
    load: hostileLoad(`POST /${HOSTILE}`),
  };
}
