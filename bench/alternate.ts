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

export function summarize(results: LoadResult[]): Summary {
  return {
    rps: median(results.map((result) => result.rps)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: median(results.map((result) => result.p99Ms)),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
    cpuMicros: results[0]?.serverCpuMicros === undefined ? undefined : median(results.map((result) => result.serverCpuMicros!)),
  };
}

/** Median over rounds of `top[i].rps / bottom[i].rps`: each ratio from rounds measured back to back. */
export const roundRatio = (top: LoadResult[], bottom: LoadResult[]) => median(top.map((result, index) => result.rps / bottom[index].rps));

/**
 * Warms every target up, then measures them back to back for several rounds, rotating which goes first
 * each round (ABC, BCA, CAB... or ABBA for two), so that drift from other load on the machine hits all alike.
 * Answers each target's rounds, in the order of `targets`.
 */
export async function alternateMany(
  targets: readonly LoadTarget[],
  config: BenchConfig,
  serverCpu?: () => Promise<number>,
): Promise<LoadResult[][]> {
  const settings = { seconds: config.seconds, connections: config.connections, serverCpu };
  const warmup = { seconds: config.warmupSeconds, connections: config.connections };
  for (const target of targets) await measure(target, warmup);
  const rounds: LoadResult[][] = targets.map(() => []);
  for (let round = 0; round < config.rounds; round++) {
    const order = targets.map((_, index) => (index + round) % targets.length);
    for (const index of order) rounds[index].push(await measure(targets[index], settings));
  }
  return rounds;
}

/** Two targets, alternated (ABBA): the candidate's rounds against the baseline's. */
export async function alternate(
  baseline: LoadTarget,
  candidate: LoadTarget,
  config: BenchConfig,
  serverCpu?: () => Promise<number>,
): Promise<Comparison> {
  const [baselineRounds, candidateRounds] = await alternateMany([baseline, candidate], config, serverCpu);
  return {
    baseline: summarize(baselineRounds),
    candidate: summarize(candidateRounds),
    ratio: roundRatio(candidateRounds, baselineRounds),
    rounds: { baseline: baselineRounds, candidate: candidateRounds },
  };
}
