import type { BenchConfig } from './config.js';
import { measure, type LoadResult, type LoadTarget } from './load.js';
import { median } from './stats.js';

export interface Summary {
  /** Medians over the rounds. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers and errors over all rounds. */
  failures: number;
  /** Server CPU µs per answer (median), when the server reports its CPU time. */
  cpuMicros?: number;
}

export interface Comparison {
  baseline: Summary;
  candidate: Summary;
  /** Median over rounds of candidate rps / baseline rps measured back to back. */
  ratio: number;
  rounds: { baseline: LoadResult[]; candidate: LoadResult[] };
}

function summarize(results: LoadResult[]): Summary {
  return {
    rps: median(results.map((result) => result.rps)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
    cpuMicros: results[0]?.serverCpuMicros === undefined ? undefined : median(results.map((result) => result.serverCpuMicros!)),
  };
}

/**
 * Warms both targets up, then measures them back to back for several rounds, swapping which goes first
 * each round (ABBA), so that drift from other load on the machine hits both sides alike.
 */
export async function alternate(
  baseline: LoadTarget,
  candidate: LoadTarget,
  config: BenchConfig,
  serverCpu?: () => Promise<number>,
): Promise<Comparison> {
  const settings = { seconds: config.seconds, connections: config.connections, serverCpu };
  const warmup = { seconds: config.warmupSeconds, connections: config.connections };
  await measure(baseline, warmup);
  await measure(candidate, warmup);
  const rounds = { baseline: [] as LoadResult[], candidate: [] as LoadResult[] };
  for (let round = 0; round < config.rounds; round++) {
    if (round % 2 === 0) {
      rounds.baseline.push(await measure(baseline, settings));
      rounds.candidate.push(await measure(candidate, settings));
    } else {
      rounds.candidate.push(await measure(candidate, settings));
      rounds.baseline.push(await measure(baseline, settings));
    }
  }
  const ratios = rounds.candidate.map((result, index) => result.rps / rounds.baseline[index].rps);
  return { baseline: summarize(rounds.baseline), candidate: summarize(rounds.candidate), ratio: median(ratios), rounds };
}
