import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { renderHtmlReport, type HtmlReportInput } from './html-report.js';

/** Writes the report to `path`; returns the absolute path written. */
export async function writeHtmlReport(path: string, input: HtmlReportInput): Promise<string> {
  const absolute = resolve(path);
  try {
    await writeFile(absolute, renderHtmlReport(input), 'utf8');
  } catch (error) {
    throw new Error(`cannot write the report to ${absolute}: ${(error as Error).message}`, { cause: error });
  }
  return absolute;
}

/** Why a report could not be written to `path`, checked before the run starts; undefined when it can. */
export function reportPathProblem(path: string): string | undefined {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return `--report: the folder ${folder} does not exist`;
  if (existsSync(path) && statSync(path).isDirectory()) return `--report: ${resolve(path)} is a folder; name a file, such as report.html`;
  return undefined;
}
