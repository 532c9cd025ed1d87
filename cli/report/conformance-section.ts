import type { CheckOutcome } from '../check-result.js';
import type { ConformanceReport } from '../conformance.js';
import { html, type SafeHtml } from './safe-html.js';

const LABEL: Record<CheckOutcome, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/** Every check of the conformance run: name, result, what was expected, what came back (and every problem). */
export function conformanceSection(report: ConformanceReport): SafeHtml {
  const count = (outcome: CheckOutcome) => report.checks.filter((check) => check.outcome === outcome).length;
  const rows = report.checks.map((check) => {
    const problems =
      check.problems.length > 1
        ? html`<details>
            <summary>${check.problems.length} problems</summary>
            <ul>
              ${check.problems.map((problem) => html`<li>${problem}</li>`)}
            </ul>
          </details>`
        : undefined;
    return html`<tr data-check="${check.name}">
      <td class="name">${check.name}</td>
      <td class="${check.outcome}">${LABEL[check.outcome]}</td>
      <td class="text">${check.expected}</td>
      <td class="text">${check.got}${problems}</td>
    </tr>`;
  });
  return html`<section id="conformance">
    <h2>Conformance</h2>
    <p class="verdict">
      <span class="${report.passed ? 'pass' : 'fail'}">${report.passed ? 'PASSED' : 'FAILED'}</span>: ${count('pass')} passed,
      ${count('fail')} failed, ${count('skip')} skipped${report.pair ? ` (${report.pair})` : ''}
    </p>
    <table>
      <thead>
        <tr>
          <th>Check</th>
          <th>Result</th>
          <th>Expected</th>
          <th>Got</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}
