import type { CheckOutcome } from './check-result.js';
import type { ConformanceReport } from './conformance.js';
import { paint, type OutputStream } from './style.js';

const OUTCOME_STYLE: Record<CheckOutcome, { label: string; format: 'green' | 'red' | 'yellow' }> = {
  pass: { label: 'PASS', format: 'green' },
  fail: { label: 'FAIL', format: 'red' },
  skip: { label: 'SKIP', format: 'yellow' },
};

const truncate = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, Math.max(width - 1, 1))}…`);
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/** The conformance report as a table: check, result, expected, got. Cells fit the terminal; piped output is whole. */
export function formatCheckTable(report: ConformanceReport, stream: OutputStream): string {
  const rows = report.checks.map((check) => [check.name, OUTCOME_STYLE[check.outcome].label, oneLine(check.expected), oneLine(check.got)]);
  const header = ['CHECK', 'RESULT', 'EXPECTED', 'GOT'];
  const widths = [0, 1].map((column) => Math.max(header[column].length, ...rows.map((row) => row[column].length)));
  let [expectedWidth, gotWidth] = [0, 0];
  if (stream.isTTY && stream.columns) {
    // What is left after the first two columns and the gaps, shared by expected and got.
    const free = Math.max(stream.columns - widths[0] - widths[1] - 6, 20);
    expectedWidth = Math.floor(free * 0.45);
    gotWidth = free - expectedWidth;
  } else {
    expectedWidth = Math.max(header[2].length, ...rows.map((row) => row[2].length));
    gotWidth = Infinity;
  }
  const fit = (row: string[]) => [
    row[0].padEnd(widths[0]),
    row[1].padEnd(widths[1]),
    truncate(row[2], expectedWidth).padEnd(expectedWidth),
    truncate(row[3], gotWidth),
  ];
  const lines = [paint(stream, 'bold', fit(header).join('  ').trimEnd())];
  report.checks.forEach((check, index) => {
    const [name, result, expected, got] = fit(rows[index]);
    const style = OUTCOME_STYLE[check.outcome];
    lines.push([name, paint(stream, style.format, result), paint(stream, 'dim', expected), got].join('  ').trimEnd());
  });
  const count = (outcome: CheckOutcome) => report.checks.filter((check) => check.outcome === outcome).length;
  const verdict = report.passed ? paint(stream, 'green', 'PASSED') : paint(stream, 'red', 'FAILED');
  lines.push(
    '',
    `${verdict}: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped` +
      ` against ${report.baseUrl}${report.pair ? ` (${report.pair})` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
