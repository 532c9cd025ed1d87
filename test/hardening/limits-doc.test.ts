// README's "Limits" table against the code: every limit option is listed once, with the default the code
// uses; the fixed limits (segments per request, header size, job id length) match what really applies.
import { readFileSync } from 'node:fs';
import { maxHeaderSize } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, DEFAULTS } from 'byo-engine';
import { API_TOKEN, testEngine } from '../support/test-engine.js';

/** Each option in the table, and the `DEFAULTS` entry that holds its default. */
const OPTION_DEFAULTS: Record<string, keyof typeof DEFAULTS> = {
  'limits.maxBodyBytes': 'maxBodyBytes',
  'limits.maxSegmentChars': 'maxSegmentChars',
  'limits.maxGlossaryEntries': 'maxGlossaryEntries',
  'limits.maxJsonDepth': 'maxJsonDepth',
  'limits.maxMetadataKeys': 'maxMetadataKeys',
  'limits.bodyIdleTimeoutMs': 'bodyIdleTimeoutMs',
  'limits.maxMetadataBytes': 'maxMetadataBytes',
  'jobs.maxJobs': 'maxJobs',
  'jobs.maxBytes': 'maxStoreBytes',
  'jobs.callerShare': 'callerShare',
  'jobs.ttlSeconds': 'jobTtlSeconds',
  'sync.timeoutMs': 'syncTimeoutMs',
  'jobs.timeoutMs': 'jobTimeoutMs',
  'sync.concurrency': 'syncConcurrency',
  'sync.maxQueued': 'maxQueuedSync',
  'jobs.concurrency': 'jobConcurrency',
  'jobs.maxQueued': 'maxQueuedJobs',
  'engine.close({ graceMs })': 'closeGraceMs',
};

interface Row {
  limit: string;
  defaultValue: number;
  option: string | undefined;
}

// The tables live in the docs pages the README links to.
const PAGE_OF_SECTION: Record<string, string> = { Limits: 'limits-and-errors.md', Options: 'options.md' };

function section(heading: string): string {
  const page = readFileSync(new URL(`../../docs/${PAGE_OF_SECTION[heading]}`, import.meta.url), 'utf8');
  const start = page.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/${PAGE_OF_SECTION[heading]} has a "## ${heading}" section`).toBeGreaterThanOrEqual(0);
  const end = page.indexOf('\n## ', start + 1);
  return page.slice(start, end === -1 ? undefined : end);
}

/** The rows of the first table of a section, as cells. */
function tableRows(text: string): string[][] {
  const lines = text.split('\n').filter((line) => line.startsWith('|'));
  return lines.slice(2).map((line) =>
    line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim()),
  );
}

/** `10,485,760 bytes (10 MiB)` -> 10485760: the number the cell starts with. */
function leadingNumber(cell: string): number {
  const match = cell.match(/^([\d,]+(?:\.\d+)?)/);
  expect(match, `a default that starts with a number: "${cell}"`).not.toBeNull();
  return Number(match![1].replace(/,/g, ''));
}

const limitRows: Row[] = tableRows(section('Limits')).map(([limit, defaultCell, optionCell]) => ({
  limit,
  defaultValue: leadingNumber(defaultCell),
  option: optionCell.match(/^`([^`]+)`/)?.[1],
}));

describe('docs "Limits" table', () => {
  it('lists every limit option exactly once, and no option the code does not have', () => {
    const options = limitRows.flatMap((row) => (row.option ? [row.option] : []));
    expect([...options].sort()).toEqual(Object.keys(OPTION_DEFAULTS).sort());
  });

  it.each(Object.entries(OPTION_DEFAULTS))('gives %s the default of DEFAULTS.%s', (option, key) => {
    const row = limitRows.find((candidate) => candidate.option === option)!;
    expect(row.defaultValue, row.limit).toBe(DEFAULTS[key]);
  });

  it('gives the segments per request of the contract', () => {
    const row = limitRows.find((candidate) => candidate.limit === 'Segments per request')!;
    const segments = (buildOpenApiDocument().components!.schemas!.TranslateRequest as { properties: { segments: { maxItems: number } } })
      .properties.segments;
    expect(row.defaultValue).toBe(segments.maxItems);
    expect(row.defaultValue).toBe(DEFAULTS.maxSegments);
  });

  it("gives Node's header size limit", () => {
    const row = limitRows.find((candidate) => candidate.limit === 'Header size')!;
    expect(row.defaultValue).toBe(maxHeaderSize);
  });

  it('gives the job id length the router accepts', async () => {
    const row = limitRows.find((candidate) => candidate.limit === 'Job id length')!;
    const engine = testEngine();
    const poll = (id: string) =>
      engine.handle({ method: 'GET', path: `/translateAsyncStatus/${id}`, headers: { 'x-api-token': API_TOKEN } });
    expect((await poll('a'.repeat(row.defaultValue))).body).toContain('was not found');
    // Longer ids reach the operation too, and get its job-not-found 404.
    const tooLong = await poll('a'.repeat(row.defaultValue + 1));
    expect(tooLong.status).toBe(404);
    expect(tooLong.body).toContain('was not found');
    await engine.close();
  });
});

describe('docs "Options" table', () => {
  // Only plain numbers (`60_000`) are compared; a cell such as `10 MiB` is left to the Limits table.
  const optionRows = tableRows(section('Options')).map(([optionCell, defaultCell]) => ({
    option: optionCell.match(/^`([^`]+)`/)?.[1],
    defaultCell,
  }));
  it.each(Object.entries(OPTION_DEFAULTS).filter(([option]) => !option.startsWith('engine.')))('agrees on %s', (option, key) => {
    const row = optionRows.find((candidate) => candidate.option === option);
    expect(row, `${option} is in the Options table`).toBeDefined();
    const plain = row!.defaultCell.match(/^`([\d_]+)`/);
    if (plain) expect(Number(plain[1].replace(/_/g, ''))).toBe(DEFAULTS[key]);
  });
});
