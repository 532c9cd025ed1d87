import { paint, type OutputStream } from '../style.js';
import type { LatencySummary } from './latency-histogram.js';
import type { LoadProgress, LoadReport } from './load-run.js';

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const latencyCells = (summary: LatencySummary) =>
  [summary.p50, summary.p95, summary.p99, summary.max].map((value) => ms(value).padStart(7));

/** The end-of-run summary: rate held or not, latency per endpoint, status counts, async jobs. */
export function formatLoadSummary(report: LoadReport, stream: OutputStream): string {
  const lines: string[] = [];
  const jobs = report.asyncJobs;
  lines.push(
    paint(
      stream,
      'bold',
      `Load run: ${report.targetRate} req/s for ${report.durationSeconds} s against ${report.baseUrl} (${report.pair})`,
    ),
    `  requests    scheduled ${report.scheduled}, sent ${report.dispatched}, answered ${report.answered}` +
      (report.afterSchedule ? ` (+${report.afterSchedule} polls/fetches after the schedule)` : ''),
    `  rate        achieved ${report.achievedRate} req/s, sent ${report.dispatchRate} req/s (target ${report.targetRate}: ` +
      `${report.held ? paint(stream, 'green', 'held') : paint(stream, 'red', 'not held')})`,
    `  send lag    p50 ${ms(report.dispatchLagMs.p50)} ms, p99 ${ms(report.dispatchLagMs.p99)} ms, max ${ms(report.dispatchLagMs.max)} ms` +
      `; checker event-loop delay p99 ${ms(report.checkerLoopDelayMs.p99)} ms`,
    `  in flight   at most ${report.maxInFlight}, on up to ${report.connections} connections`,
    '',
    paint(
      stream,
      'bold',
      `  ${'endpoint'.padEnd(34)}${'count'.padStart(7)}${['p50', 'p95', 'p99', 'max'].map((p) => p.padStart(7)).join('')}  (ms)`,
    ),
  );
  for (const [endpoint, summary] of Object.entries(report.endpoints)) {
    lines.push(`  ${endpoint.padEnd(34)}${String(summary.count).padStart(7)}${latencyCells(summary).join('')}`);
  }
  const statuses = Object.entries(report.statusCounts)
    .map(([status, count]) => `${status} × ${count}`)
    .join(', ');
  lines.push(
    '',
    `  statuses    ${statuses || 'none'}` + (report.errors ? paint(stream, 'red', ` (${report.errors} errors)`) : ''),
    `  async jobs  ${jobs.submitted} submitted, ${jobs.completed} completed, ${jobs.failed} failed, ${jobs.timedOut} timed out`,
  );
  if (jobs.durationMs.count > 0) {
    const d = jobs.durationMs;
    lines.push(`              submit to done: p50 ${ms(d.p50)} ms, p95 ${ms(d.p95)} ms, p99 ${ms(d.p99)} ms, max ${ms(d.max)} ms`);
  }
  lines.push('');
  if (report.passed) lines.push(`${paint(stream, 'green', 'PASSED')}: held ${report.targetRate} req/s with ${report.errors} errors`);
  else lines.push(`${paint(stream, 'red', 'FAILED')}: ${report.failures.join('; ')}`);
  return `${lines.join('\n')}\n`;
}

/** The live line on a terminal: rewritten in place about once a second. */
export function formatProgress(progress: LoadProgress, durationSeconds: number): string {
  const time = progress.phase === 'schedule' ? `${progress.elapsedSeconds.toFixed(0)}/${durationSeconds} s` : 'finishing open jobs';
  return (
    `\r\x1b[2K  ${time}  done ${progress.answered}  errors ${progress.errors}` +
    `  rate ${progress.currentRate.toFixed(0)}/s  in flight ${progress.inFlight}`
  );
}
