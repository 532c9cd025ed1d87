import type { LoadCharts } from '../load/load-charts.js';
import type { LoadReport } from '../load/load-run.js';
import { html, type SafeHtml } from './safe-html.js';

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The load run: the verdict, the rate and its lag, latency per endpoint, then each endpoint's two charts. */
export function loadSection(report: LoadReport, charts: LoadCharts): SafeHtml {
  const jobs = report.asyncJobs;
  const summary: [string, string][] = [
    ['target', `${report.targetRate} req/s for ${report.durationSeconds} s (${report.pair})`],
    [
      'requests',
      `scheduled ${report.scheduled}, sent ${report.dispatched}, answered ${report.answered}` +
        (report.afterSchedule ? ` (+${report.afterSchedule} polls/fetches after the schedule)` : ''),
    ],
    ['rate', `achieved ${report.achievedRate} req/s, sent ${report.dispatchRate} req/s: ${report.held ? 'held' : 'not held'}`],
    [
      'send lag',
      `p50 ${ms(report.dispatchLagMs.p50)} ms, p99 ${ms(report.dispatchLagMs.p99)} ms, max ${ms(report.dispatchLagMs.max)} ms; ` +
        `checker event-loop delay p99 ${ms(report.checkerLoopDelayMs.p99)} ms`,
    ],
    ['in flight', `at most ${report.maxInFlight}, on up to ${report.connections} connections`],
    [
      'statuses',
      Object.entries(report.statusCounts)
        .map(([status, count]) => `${status} × ${count}`)
        .join(', ') || 'none',
    ],
    ['errors', `${report.errors} of ${report.requests} requests`],
    [
      'async jobs',
      `${jobs.submitted} submitted, ${jobs.completed} completed, ${jobs.failed} failed, ${jobs.timedOut} timed out` +
        (jobs.durationMs.count > 0
          ? `; submit to done p50 ${ms(jobs.durationMs.p50)} ms, p99 ${ms(jobs.durationMs.p99)} ms, max ${ms(jobs.durationMs.max)} ms`
          : ''),
    ],
  ];
  // Every endpoint called, answered or not: the charts hold each; the latency summary only those with answers.
  const endpoints = Object.entries(charts.endpoints).map(([endpoint, detail]) => {
    const latency = report.endpoints[endpoint];
    const cells = latency ? [latency.p50, latency.p95, latency.p99, latency.max].map(ms) : ['–', '–', '–', '–'];
    return html`<tr data-endpoint="${endpoint}">
      <td class="name">${endpoint}</td>
      <td class="number">${detail.requests}</td>
      <td class="number">${detail.failed}</td>
      ${cells.map((cell) => html`<td class="number">${cell}</td>`)}
    </tr>`;
  });
  return html`<section id="load">
    <h2>Load run</h2>
    <p class="verdict">
      <span class="${report.passed ? 'pass' : 'fail'}">${report.passed ? 'PASSED' : 'FAILED'}</span>${
        report.passed ? `: held ${report.targetRate} req/s with ${plural(report.errors, 'error')}` : `: ${report.failures.join('; ')}`
      }
    </p>
    <dl class="summary">
      ${summary.map(
        ([term, value]) =>
          html`<dt>${term}</dt>
            <dd>${value}</dd>`,
      )}
    </dl>
    <table>
      <thead>
        <tr>
          <th>Endpoint</th>
          <th class="number">requests</th>
          <th class="number">failed</th>
          ${['p50', 'p95', 'p99', 'max'].map((label) => html`<th class="number">${label} (ms)</th>`)}
        </tr>
      </thead>
      <tbody>
        ${endpoints}
      </tbody>
    </table>
    <p class="note">Latency percentiles are over every answer; "failed" counts answers other than 200 and requests without an answer.</p>
    ${Object.entries(charts.endpoints).map(([endpoint, detail], index) => endpointCharts(endpoint, detail, index, charts))}
  </section>`;
}

function endpointCharts(endpoint: string, detail: LoadCharts['endpoints'][string], index: number, charts: LoadCharts): SafeHtml {
  const shown = detail.ok.atSeconds.length + detail.failures.atSeconds.length;
  const sampled = shown < detail.requests;
  const note = sampled
    ? `A uniform random sample of the requests: ${detail.ok.atSeconds.length} of the ${detail.requests - detail.failed} answered 200 ` +
      `(at most ${charts.sampleLimits.ok} kept) and ${detail.failures.atSeconds.length} of the ${detail.failed} failed ` +
      `(at most ${charts.sampleLimits.failed}).`
    : `Every request: ${plural(detail.requests, 'request')}, ${detail.failed} failed.`;
  return html`<section class="endpoint" data-endpoint="${endpoint}">
    <h3>${endpoint}</h3>
    <div class="charts">
      <figure>
        <figcaption>Latency over time</figcaption>
        <div class="chart" id="timeline-${index}" data-chart="timeline"></div>
        <p class="note">${note} Each dot is one request, at the time it was sent.</p>
      </figure>
      <figure>
        <figcaption>Latency histogram</figcaption>
        <div class="chart" id="histogram-${index}" data-chart="histogram"></div>
        <p class="note">${detail.histogram.length ? 'Every answer, in buckets ten to a decade.' : 'No answers.'}</p>
      </figure>
    </div>
  </section>`;
}
