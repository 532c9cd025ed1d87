// `byo-engine check --load --report` against the demo server (`npm start`'s examples/express/server.ts, as a
// child process), then the report opened from file:// in headless Chromium: every chart drawn, no request
// beyond the file, no console error; and a report full of hostile text runs none of it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../cli/cli.js';
import type { LoadCharts } from '../../cli/load/load-charts.js';
import { renderHtmlReport } from '../../cli/report/html-report.js';
import { CHROMIUM_PATH, checkChromium } from '../support/chromium.js';
import { describeWithServices } from '../support/services.js';
import { captureIo, CHECK_NAMES } from './check-helpers.js';
import { HOSTILE, hostileReportInput } from './report-fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'report-test-token-0123456789';
const ENDPOINTS = ['POST /translate', 'POST /translateAsync', 'GET /translateAsyncStatus/{id}', 'GET /translateAsyncResult/{id}'];

/** Starts the demo server on a free port; resolves once it prints its base URL. */
function startDemoServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/express/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', BYO_API_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const baseUrl = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /BYO Engine API on http:\/\/localhost:(\d+)\/byo/.exec(output);
      if (url) resolve(`http://127.0.0.1:${url[1]}/byo`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`the demo server exited with ${code} before listening:\n${output}`)));
  });
  return {
    baseUrl,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

interface PageProblems {
  /** Console errors and uncaught exceptions (a CSP violation is a console error). */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
  /** Every alert/confirm/prompt the page opened. */
  dialogs: string[];
}

/** Opens `file` in a new page that may reach nothing but file:// URLs, and records what went wrong. */
async function openReport(browser: Browser, file: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // The page is a local file: an element that is not there by now never will be.
  page.setDefaultTimeout(5_000);
  const problems: PageProblems = { errors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(message.text());
  });
  page.on('pageerror', (error) => problems.errors.push(error.message));
  page.on('request', (request) => problems.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.route(/^(?!file:)/, (route) => route.abort());
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}

interface ChartPixels {
  drawn: string | undefined;
  canvases: number;
  width: number;
  height: number;
  /** Pixels in the series' blue (#2563eb, full or blended with white), and in the failures' red (#dc2626). */
  blue: number;
  red: number;
}

/** Reads back a chart's canvas: its size and how many pixels carry the series' colours. */
function chartPixels(page: Page, id: string): Promise<ChartPixels> {
  return page.evaluate((chartId) => {
    const element = document.getElementById(chartId)!;
    const canvases = element.querySelectorAll('canvas');
    const canvas = canvases[0];
    const result = {
      drawn: element.dataset.drawn,
      canvases: canvases.length,
      width: canvas?.width ?? 0,
      height: canvas?.height ?? 0,
      blue: 0,
      red: 0,
    };
    if (!canvas || canvas.width === 0 || canvas.height === 0) return result;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    for (let index = 0; index < data.length; index += 4) {
      const [r, g, b, a] = [data[index], data[index + 1], data[index + 2], data[index + 3]];
      if (a < 128) continue;
      if (b - r > 80 && b - g > 40) result.blue++;
      if (r - b > 80 && r - g > 80) result.red++;
    }
    return result;
  }, id);
}

describeWithServices([checkChromium()], 'check --report, opened in headless Chromium', () => {
  let browser: Browser;
  let folder: string;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
    folder = mkdtempSync(join(tmpdir(), 'byo-engine-report-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("draws the conformance table and each endpoint's time chart and histogram from a --load run against the demo server", async () => {
    const server = startDemoServer();
    const file = join(folder, 'report.html');
    const io = captureIo();
    let code: number;
    try {
      code = await runCli(['check', await server.baseUrl, '--api-token', TOKEN, '--load', '20', '--duration', '2', '--report', file], io);
    } finally {
      await server.stop();
    }
    expect(io.err()).toBe('');
    expect(io.out()).toContain('PASSED: 16 passed, 0 failed, 0 skipped');
    expect(io.out()).toMatch(/^Load run: 20 req\/s for 2 s/m);
    expect(io.out()).toContain(`HTML report written to ${file}\n`);

    const { page, problems } = await openReport(browser, file);
    try {
      const rows = await page.$$eval('#conformance tbody tr', (trs) =>
        trs.map((tr) => [(tr as HTMLElement).dataset.check, tr.querySelectorAll('td')[1].textContent]),
      );
      expect(rows).toEqual(CHECK_NAMES.map((name) => [name, 'PASS']));

      const data = JSON.parse((await page.locator('#report-data').textContent()) as string) as { load: { charts: LoadCharts } };
      const endpoints = Object.entries(data.load.charts.endpoints);
      expect(endpoints.map(([endpoint]) => endpoint).sort()).toEqual([...ENDPOINTS].sort());
      expect(await page.$$eval('section.endpoint h3', (headings) => headings.map((heading) => heading.textContent))).toEqual(
        endpoints.map(([endpoint]) => endpoint),
      );
      for (const [index, [endpoint, charts]] of endpoints.entries()) {
        const timeline = await chartPixels(page, `timeline-${index}`);
        // 20 req/s for 2 s is below the sample limits: every request is a dot.
        expect(timeline, `${endpoint} timeline`).toMatchObject({ canvases: 1, drawn: String(charts.requests) });
        expect(timeline.width * timeline.height).toBeGreaterThan(0);
        expect(timeline.blue, `${endpoint} timeline: blue pixels`).toBeGreaterThan(10 * charts.requests);
        expect(timeline.red).toBe(0);
        const histogram = await chartPixels(page, `histogram-${index}`);
        expect(histogram, `${endpoint} histogram`).toMatchObject({ canvases: 1, drawn: String(charts.histogram.length) });
        expect(histogram.blue, `${endpoint} histogram: blue pixels`).toBeGreaterThan(200);
        const countCell = page.locator(`#load tbody tr[data-endpoint="${endpoint}"] td`).nth(1);
        expect(await countCell.textContent()).toBe(String(charts.requests));
      }
      const verdict = await page.locator('#verdict').textContent();
      expect(code).toBe(verdict === 'PASSED' ? 0 : 1);
      expect(problems).toEqual({ errors: [], requests: [pathToFileURL(file).href], dialogs: [] });
    } finally {
      await page.close();
    }
  }, 90_000);

  it('shows hostile text from the engine as text: no script of it runs, and its failed requests are red', async () => {
    const file = join(folder, 'hostile.html');
    const input = hostileReportInput();
    writeFileSync(file, renderHtmlReport(input));
    const { page, problems } = await openReport(browser, file);
    try {
      const failed = page.locator('#conformance tbody tr[data-check="translate.one-segment"] td');
      expect(await failed.nth(2).textContent()).toBe(HOSTILE);
      expect(await failed.nth(3).locator('li').allTextContents()).toEqual([HOSTILE, `second ${HOSTILE}`]);
      expect(await page.title()).toBe(`byo-engine check: ${input.baseUrl}`);
      expect(await page.locator('section.endpoint h3').textContent()).toBe(`POST /${HOSTILE}`);
      expect(await page.locator('script').count()).toBe(3);
      expect(await page.locator('img').count()).toBe(0);
      expect(JSON.parse((await page.locator('#report-data').textContent()) as string)).toEqual(input);
      const timeline = await chartPixels(page, 'timeline-0');
      expect(timeline).toMatchObject({ canvases: 1, drawn: '3' });
      expect(timeline.red).toBeGreaterThan(5);
      expect(problems).toEqual({ errors: [], requests: [pathToFileURL(file).href], dialogs: [] });
    } finally {
      await page.close();
    }
  });
});
