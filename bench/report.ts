import type { Comparison } from './alternate.js';
import type { HttpCaseResult } from './http-suite.js';
import type { JwtResult } from './jwt-suite.js';
import type { JobsResult } from './jobs-suite.js';
import type { StoreResult } from './store-suite.js';
import { fixed, formatTable, whole } from './table.js';

/** Below this the README must say what bounds the ratio (issue 8). */
export const RATIO_TARGET = 0.8;
/** Mounted/bare targets per framework (issue 15): Express and Koa do more of their own work per request. */
export const BARE_RATIO_TARGETS: Record<string, number> = { node: 0.8, express: 0.9, koa: 0.9, fastify: 0.8 };
/** Mounted/hand-written-safe target (issue 15). */
export const SAFE_RATIO_TARGET = 1;

const latency = (p50: number, p99: number) => `${fixed(p50, 2)} / ${fixed(p99, 2)}`;
const cpu = (micros: number | undefined) => (micros === undefined ? 'n/a' : fixed(micros, 1));

/** Ratio first, then what it is made of: throughput, latency, the server's CPU per answer, failures. */
function comparisonCells(result: Comparison, flagLowRatio: boolean): string[] {
  return [
    `${fixed(result.ratio, 2)}${flagLowRatio && result.ratio < RATIO_TARGET ? ' *' : ''}`,
    `${whole(result.baseline.rps)} / ${whole(result.candidate.rps)}`,
    latency(result.baseline.p50Ms, result.baseline.p99Ms),
    latency(result.candidate.p50Ms, result.candidate.p99Ms),
    `${cpu(result.baseline.cpuMicros)} / ${cpu(result.candidate.cpuMicros)}`,
    String(result.baseline.failures + result.candidate.failures),
  ];
}

const flagged = (ratio: number, target: number) => `${fixed(ratio, 2)}${ratio < target ? ' *' : ''}`;
const three = (values: (number | undefined)[], format: (value: number | undefined) => string) => values.map(format).join(' / ');

export function httpTable(results: HttpCaseResult[]): string {
  return formatTable(
    [
      'framework',
      'case',
      'mounted/bare',
      'mounted/safe',
      'req/s bare / safe / mounted',
      'p50 ms bare / safe / mounted',
      'p99 ms bare / safe / mounted',
      'server CPU µs/req bare / safe / mounted',
      'mounted − bare µs',
      'non-2xx',
    ],
    results.map((result) => {
      const sides = [result.bare, result.safe, result.mounted];
      const cpuDifference =
        result.mounted.cpuMicros === undefined || result.bare.cpuMicros === undefined
          ? 'n/a'
          : fixed(result.mounted.cpuMicros - result.bare.cpuMicros, 1);
      return [
        result.framework,
        result.case,
        flagged(result.ratio, BARE_RATIO_TARGETS[result.framework] ?? RATIO_TARGET),
        flagged(result.safeRatio, SAFE_RATIO_TARGET),
        three(
          sides.map((side) => side.rps),
          (value) => whole(value!),
        ),
        three(
          sides.map((side) => side.p50Ms),
          (value) => fixed(value!, 2),
        ),
        three(
          sides.map((side) => side.p99Ms),
          (value) => fixed(value!, 2),
        ),
        three(
          sides.map((side) => side.cpuMicros),
          cpu,
        ),
        cpuDifference,
        String(sides.reduce((sum, side) => sum + side.failures, 0)),
      ];
    }),
  );
}

export function jwtTable(result: JwtResult): string {
  return formatTable(
    [
      'host',
      'case',
      'bearer/api-token',
      'req/s api-token / bearer',
      'api-token p50/p99 ms',
      'bearer p50/p99 ms',
      'server CPU µs/req api-token / bearer',
      'non-2xx',
    ],
    [['node:http', 'POST /status', ...comparisonCells(result, false)]],
  );
}

export function storeTable(results: StoreResult[]): string {
  return formatTable(
    ['store', 'jobs', 'create µs/op', 'complete µs/op', 'get µs/op', 'memory/job KiB', 'measured as', 'heap/job KiB'],
    results.map((result) => [
      result.store,
      whole(result.jobs),
      fixed(result.createMicros, 1),
      fixed(result.completeMicros, 1),
      fixed(result.getMicros, 1),
      fixed(result.bytesPerJob / 1024, 2),
      result.memoryMeasure,
      result.heapBytesPerJob === undefined ? 'n/a' : fixed(result.heapBytesPerJob / 1024, 2),
    ]),
  );
}

export function jobsTable(results: JobsResult[]): string {
  return formatTable(
    ['worker processes', 'jobs', 'seconds', 'jobs/s'],
    results.map((result) => [String(result.workers), whole(result.jobs), fixed(result.seconds, 2), whole(result.jobsPerSecond)]),
  );
}
