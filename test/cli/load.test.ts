import { createServer, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/cli.js';
import { createCredentials } from '../../cli/credentials.js';
import { EngineClient } from '../../cli/engine-client.js';
import { connectionsFor, runLoad, type LoadReport } from '../../cli/load/load-run.js';
import { formatLoadSummary } from '../../cli/load/load-summary.js';
import { adapterRows, listen, mountForBlock } from '../support/adapter-rows.js';
import { BROKEN_PREFIX, BROKEN_TOKEN, startBrokenEngine } from './broken-engine.js';
import { captureIo, DEMO_TOKEN, demoEngine } from './check-helpers.js';

const EN_DE = { sourceLanguage: 'en', targetLanguage: 'de' };

describe('byo-engine check --load', () => {
  const mounted = mountForBlock(adapterRows[0], demoEngine, { prefix: '/byo', hostBodyParser: false });

  it('sends rate × duration requests, mixing sync translations with async flows, and summarises them', async () => {
    const io = captureIo();
    const code = await runCli(['check', mounted.base, '--api-token', DEMO_TOKEN, '--load', '50', '--duration', '2', '--json'], io);
    const report = JSON.parse(io.out()) as LoadReport & { mode: string };
    expect(report).toMatchObject({
      mode: 'load',
      pair: 'en:de',
      targetRate: 50,
      durationSeconds: 2,
      scheduled: 100,
      dispatched: 100,
      answered: 100,
    });
    expect(report.errors).toBe(0);
    expect(report.statusCounts).toEqual({ '200': report.requests });
    expect(report.requests).toBe(report.dispatched + report.afterSchedule);
    expect(Object.keys(report.endpoints).sort()).toEqual([
      'GET /translateAsyncResult/{id}',
      'GET /translateAsyncStatus/{id}',
      'POST /translate',
      'POST /translateAsync',
    ]);
    const translate = report.endpoints['POST /translate'];
    expect(translate.p50).toBeLessThanOrEqual(translate.p95);
    expect(translate.p99).toBeLessThanOrEqual(translate.max);
    // Every submitted job was polled to done and its result fetched.
    expect(report.asyncJobs.submitted).toBeGreaterThan(0);
    expect(report.asyncJobs).toMatchObject({ completed: report.asyncJobs.submitted, failed: 0, timedOut: 0 });
    expect(report.asyncJobs.durationMs.count).toBe(report.asyncJobs.submitted);
    expect(report.endpoints['POST /translate'].count).toBeGreaterThan(report.endpoints['POST /translateAsync'].count);
    // Generous bound only: the machine is shared.
    expect(report.achievedRate).toBeGreaterThan(25);
    expect(report.connections).toBe(connectionsFor(50));
    expect(code).toBe(report.passed ? 0 : 1);

    const text = formatLoadSummary(report, { write() {} });
    expect(text).toMatch(/^Load run: 50 req\/s for 2 s against http:\/\/127\.0\.0\.1:\d+\/byo \(en:de\)\n/);
    expect(text).toMatch(/^ {2}POST \/translate +\d+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+$/m);
    expect(text).toContain(`async jobs  ${report.asyncJobs.submitted} submitted, ${report.asyncJobs.submitted} completed`);
  });

  it('counts jobs that never finish as timed out, and fails the run', async () => {
    const broken = await startBrokenEngine(['job-never-finishes']);
    const client = new EngineClient(`${broken.origin}${BROKEN_PREFIX}`, { connections: connectionsFor(20), timeoutMs: 5_000 });
    try {
      const report = await runLoad({
        client,
        credentials: createCredentials({ kind: 'api-token', token: BROKEN_TOKEN }, 5_000),
        pair: EN_DE,
        ratePerSecond: 20,
        durationSeconds: 1,
        asyncShare: 0.5,
        jobTimeoutMs: 300,
      });
      expect(report.asyncJobs.submitted).toBeGreaterThan(0);
      expect(report.asyncJobs).toMatchObject({ completed: 0, failed: 0, timedOut: report.asyncJobs.submitted });
      expect(report.passed).toBe(false);
      expect(report.failures).toContain(`0 async jobs failed and ${report.asyncJobs.submitted} timed out`);
    } finally {
      await client.close();
      await broken.close();
    }
  });
});

describe('load run scheduling (open model)', () => {
  it('sends every scheduled request while none has been answered', async () => {
    const rate = 40;
    const held: ServerResponse[] = [];
    let arrivedAll!: () => void;
    const allArrived = new Promise<void>((resolve) => (arrivedAll = resolve));
    // Answers nothing until every scheduled request has arrived: a closed-model client would stall here.
    const server = await listen(
      createServer((req, res) => {
        req.resume();
        req.once('end', () => {
          held.push(res);
          if (held.length < rate) return;
          arrivedAll();
          for (const waiting of held) {
            waiting.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...EN_DE, segments: [] }));
          }
        });
      }),
    );
    const client = new EngineClient(`${server.origin}/byo`, { connections: connectionsFor(rate), timeoutMs: 20_000 });
    try {
      const run = runLoad({
        client,
        credentials: createCredentials({ kind: 'api-token', token: 't' }, 5_000),
        pair: EN_DE,
        ratePerSecond: rate,
        durationSeconds: 1,
        asyncShare: 0,
        jobTimeoutMs: 5_000,
      });
      await allArrived;
      const report = await run;
      expect(report).toMatchObject({ scheduled: rate, dispatched: rate, answered: rate, errors: 0, maxInFlight: rate });
      expect(report.statusCounts).toEqual({ '200': rate });
    } finally {
      await client.close();
      await server.close();
    }
  });
});
