import { alternateMany, roundRatio, summarize, type Summary } from './alternate.js';
import { profileFlags, startChild } from './child.js';
import type { BenchConfig } from './config.js';
import type { LoadResult, LoadTarget } from './load.js';
import { pinServer, type Pinning } from './pin.js';
import { BENCH_TOKEN, translateRequest } from './shared/workload.js';

export interface HttpCaseResult {
  framework: string;
  case: string;
  /** No auth, validation or limits. */
  bare: Summary;
  /** The same safety written by hand: constant-time API token, ajv against the same schema, the same limits. */
  safe: Summary;
  mounted: Summary;
  /** Medians of the per-round ratios mounted/bare and mounted/hand-written-safe. */
  ratio: number;
  safeRatio: number;
  rounds: { bare: LoadResult[]; safe: LoadResult[]; mounted: LoadResult[] };
}

export interface HttpSuiteResult {
  results: HttpCaseResult[];
  skipped: { framework: string; reason: string }[];
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const MOUNTED_HEADERS = { ...JSON_HEADERS, 'x-api-token': BENCH_TOKEN };
const ONE_SEGMENT = JSON.stringify(translateRequest(1));
const FIFTY_SEGMENTS = JSON.stringify(translateRequest(50));

interface Side {
  base: string;
  headers: Record<string, string>;
}

interface HttpCase {
  name: string;
  /** Builds the target on one side (bare or mounted); may set up state first. */
  target(side: Side): Promise<LoadTarget>;
}

const post = (side: Side, path: string, body: string): LoadTarget => ({
  url: side.base + path,
  method: 'POST',
  headers: side.headers,
  body,
});

/** Submits a job and waits until it is done, so the poll measures a finished job's status. */
async function finishedJobId(side: Side): Promise<string> {
  const submitted = await fetch(`${side.base}/translateAsync`, { method: 'POST', headers: side.headers, body: FIFTY_SEGMENTS });
  if (!submitted.ok) throw new Error(`setting up the status poll: POST ${side.base}/translateAsync answered ${submitted.status}`);
  const { id } = (await submitted.json()) as { id: string };
  for (let attempt = 0; attempt < 100; attempt++) {
    const poll = await fetch(`${side.base}/translateAsyncStatus/${id}`, { headers: side.headers });
    if (((await poll.json()) as { status: string }).status === 'done') return id;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`setting up the status poll: job ${id} on ${side.base} did not finish`);
}

// In this order: the status poll's job is created after the async case has filled the stores.
const CASES: HttpCase[] = [
  { name: 'translate 1 seg', target: async (side) => post(side, '/translate', ONE_SEGMENT) },
  { name: 'translate 50 segs', target: async (side) => post(side, '/translate', FIFTY_SEGMENTS) },
  { name: 'translateAsync 50 segs', target: async (side) => post(side, '/translateAsync', FIFTY_SEGMENTS) },
  {
    name: 'status poll',
    target: async (side) => ({
      url: `${side.base}/translateAsyncStatus/${await finishedJobId(side)}`,
      method: 'GET',
      headers: side.headers,
    }),
  },
];

/** Each framework in its own server process: bare route, hand-written-safe route and mounted engine, case by case. */
export async function runHttpSuite(
  config: BenchConfig,
  pinning: Pinning | { unpinned: string },
  log: (line: string) => void,
): Promise<HttpSuiteResult> {
  const suite: HttpSuiteResult = { results: [], skipped: [] };
  for (const framework of config.frameworks) {
    const server = await startChild('server/http-child.ts', [framework], profileFlags(), true);
    try {
      pinServer(pinning, server.pid);
      if (server.message.kind === 'unavailable') {
        log(`${framework}: skipped (${server.message.reason})`);
        suite.skipped.push({ framework, reason: server.message.reason });
        continue;
      }
      if (server.message.kind !== 'ready') throw new Error(`${framework} server sent ${server.message.kind}`);
      const origin = `http://127.0.0.1:${server.message.port}`;
      const bare: Side = { base: `${origin}/bare`, headers: JSON_HEADERS };
      const safe: Side = { base: `${origin}/safe`, headers: MOUNTED_HEADERS };
      const mounted: Side = { base: `${origin}/byo`, headers: MOUNTED_HEADERS };
      for (const httpCase of CASES.filter((candidate) => config.cases.some((part) => candidate.name.includes(part)))) {
        const targets = [await httpCase.target(bare), await httpCase.target(safe), await httpCase.target(mounted)];
        const [bareRounds, safeRounds, mountedRounds] = await alternateMany(targets, config, server.cpuMicros);
        const result: HttpCaseResult = {
          framework,
          case: httpCase.name,
          bare: summarize(bareRounds),
          safe: summarize(safeRounds),
          mounted: summarize(mountedRounds),
          ratio: roundRatio(mountedRounds, bareRounds),
          safeRatio: roundRatio(mountedRounds, safeRounds),
          rounds: { bare: bareRounds, safe: safeRounds, mounted: mountedRounds },
        };
        suite.results.push(result);
        log(`${framework} / ${httpCase.name}: mounted/bare ${result.ratio.toFixed(2)}, mounted/safe ${result.safeRatio.toFixed(2)}`);
      }
    } finally {
      await server.stop();
    }
  }
  return suite;
}
