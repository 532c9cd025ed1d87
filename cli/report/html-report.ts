import { createHash } from 'node:crypto';
import type { ConformanceReport } from '../conformance.js';
import type { LoadCharts } from '../load/load-charts.js';
import type { LoadReport } from '../load/load-run.js';
import { conformanceSection } from './conformance-section.js';
import { loadSection } from './load-section.js';
import { reportAssets } from './report-assets.js';
import { html, jsonForScript, rawHtml, type SafeHtml } from './safe-html.js';

/** What one report shows: the conformance run, the load run with its charts, or both. */
export interface HtmlReportInput {
  baseUrl: string;
  /** ISO time the run ended. */
  generatedAt: string;
  conformance?: ConformanceReport;
  load?: { report: LoadReport; charts: LoadCharts };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * A `<script>` or `<style>` element holding `text` exactly (its CSP hash is of that text), built outside the `html`
 * template, whose whitespace a formatter may change. The text must not be able to close the element early.
 */
function inlineElement(tag: 'script' | 'style', text: string, attributes = ''): SafeHtml {
  if (new RegExp(`</${tag}|<!--`, 'i').test(text)) throw new Error(`an inlined ${tag} contains </${tag} or <!--`);
  return rawHtml(`<${tag}${attributes}>${text}</${tag}>`);
}

/**
 * The report as one HTML file that needs no network: uPlot, the drawing script, the styles and the data are
 * inline, and its Content-Security-Policy lets only those exact scripts and styles (by hash) run and fetches nothing.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const assets = reportAssets();
  const license = `/*! uPlot ${assets.chartLibraryVersion}\n${assets.chartLibraryLicense.replaceAll('*/', '* /')}*/\n`;
  const chartLibrary = license + assets.chartLibrary;
  const styles = `${assets.chartLibraryStyles}\n${assets.pageStyles}`;
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(chartLibrary)} ${sha256(assets.drawCharts)}`,
    `style-src ${sha256(styles)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const passed = (input.conformance?.passed ?? true) && (input.load?.report.passed ?? true);
  const ran = [input.conformance && 'conformance checks', input.load && 'load run'].filter(Boolean).join(' and ');
  const page = html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta http-equiv="Content-Security-Policy" content="${policy}" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>byo-engine check: ${input.baseUrl}</title>
      ${inlineElement('style', styles)}
    </head>
    <body>
      <header>
        <h1>byo-engine check</h1>
        <p class="meta">${ran} against <strong>${input.baseUrl}</strong>, ${input.generatedAt}</p>
        <p class="verdict"><span class="${passed ? 'pass' : 'fail'}" id="verdict">${passed ? 'PASSED' : 'FAILED'}</span></p>
      </header>
      ${input.conformance ? conformanceSection(input.conformance) : undefined}
      ${input.load ? loadSection(input.load.report, input.load.charts) : undefined}
      <footer class="note"><p>Charts drawn with uPlot ${assets.chartLibraryVersion} (MIT licence, inlined in this file).</p></footer>
      ${inlineElement('script', jsonForScript(input), ' type="application/json" id="report-data"')} ${inlineElement('script', chartLibrary)}
      ${inlineElement('script', assets.drawCharts)}
    </body>
  </html>`;
  return `<!doctype html>\n${page.text}\n`;
}
