import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What the HTML report inlines, as text. */
export interface ReportAssets {
  /** uPlot's browser build (it defines the global `uPlot`). */
  chartLibrary: string;
  chartLibraryVersion: string;
  /** uPlot's licence, which travels with every copy. */
  chartLibraryLicense: string;
  chartLibraryStyles: string;
  /** The page's own script and styles, beside this file. */
  drawCharts: string;
  pageStyles: string;
}

/** Reads the assets from `node_modules/uplot` and this folder: at report time from a checkout, at build time for the bundle. */
export function readReportAssets(): ReportAssets {
  const require = createRequire(import.meta.url);
  const uplot = (file: string) => readFileSync(require.resolve(`uplot/${file}`), 'utf8');
  const here = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
  return {
    chartLibrary: uplot('dist/uPlot.iife.min.js'),
    chartLibraryVersion: (JSON.parse(uplot('package.json')) as { version: string }).version,
    chartLibraryLicense: uplot('LICENSE'),
    chartLibraryStyles: uplot('dist/uPlot.min.css'),
    drawCharts: here('./draw-charts.js'),
    pageStyles: here('./report.css'),
  };
}
