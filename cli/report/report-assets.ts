import { readReportAssets, type ReportAssets } from './read-report-assets.js';

export type { ReportAssets } from './read-report-assets.js';

let assets: ReportAssets | undefined;

/**
 * The report's chart library, script and styles. In the built CLI, tsup.config.ts replaces this module with one
 * that holds their text, so `npx byo-engine` needs neither the uplot package nor these files at run time.
 */
export function reportAssets(): ReportAssets {
  return (assets ??= readReportAssets());
}
