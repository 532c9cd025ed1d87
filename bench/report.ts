import type { HttpCaseResult } from './http-suite.js';
import type { JwtResult } from './jwt-suite.js';
import type { StoreResult } from './store-suite.js';
import { fixed, formatTable, whole } from './table.js';

/** Below this the README must say what bounds the ratio (issue 8). */
export const RATIO_TARGET = 0.8;

const latency = (p50: number, p99: number) => `${fixed(p50, 2)} / ${fixed(p99, 2)}`;

export function httpTable(results: HttpCaseResult[]): string {
  return formatTable(
    ['framework', 'case', 'mounted/bare', 'bare req/s', 'mounted req/s', 'bare p50/p99 ms', 'mounted p50/p99 ms', 'non-2xx'],
    results.map((result) => [
      result.framework,
      result.case,
      `${fixed(result.ratio, 2)}${result.ratio < RATIO_TARGET ? ' *' : ''}`,
      whole(result.baseline.rps),
      whole(result.candidate.rps),
      latency(result.baseline.p50Ms, result.baseline.p99Ms),
      latency(result.candidate.p50Ms, result.candidate.p99Ms),
      String(result.baseline.failures + result.candidate.failures),
    ]),
  );
}

export function jwtTable(result: JwtResult): string {
  return formatTable(
    ['host', 'case', 'bearer/api-token', 'api-token req/s', 'RS256 bearer req/s', 'api-token p50/p99 ms', 'bearer p50/p99 ms', 'non-2xx'],
    [
      [
        'node:http',
        'POST /status',
        fixed(result.ratio, 2),
        whole(result.baseline.rps),
        whole(result.candidate.rps),
        latency(result.baseline.p50Ms, result.baseline.p99Ms),
        latency(result.candidate.p50Ms, result.candidate.p99Ms),
        String(result.baseline.failures + result.candidate.failures),
      ],
    ],
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
