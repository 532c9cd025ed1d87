import { execFileSync } from 'node:child_process';
import { cpus as listCpus } from 'node:os';

/**
 * Which CPUs the HTTP measurements use: the server under test alone on the last one, the load generator (this
 * process) on the others. Unpinned, the scheduler now and then puts both on one CPU for a whole round, and the
 * ratio of two sides measured back to back moves by a fifth on a 2-core machine.
 */
export interface Pinning {
  serverCpus: string;
  loadCpus: string;
  allCpus: string;
}

/** Sets the CPU affinity of every thread of `pid` with Linux's `taskset`; `false` where that is not possible. */
export function setAffinity(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The pinning to use, or why there is none: fewer than 2 CPUs, no `taskset` (not Linux, util-linux missing),
 * or `BENCH_PIN=0`. The load generator is pinned at once.
 */
export function pinLoadGenerator(env: NodeJS.ProcessEnv = process.env): Pinning | { unpinned: string } {
  if (env.BENCH_PIN === '0') return { unpinned: 'BENCH_PIN=0' };
  const cpus = listCpus().length;
  if (cpus < 2) return { unpinned: 'one CPU' };
  const pinning = { serverCpus: String(cpus - 1), loadCpus: cpus === 2 ? '0' : `0-${cpus - 2}`, allCpus: `0-${cpus - 1}` };
  if (!setAffinity(process.pid, pinning.loadCpus)) return { unpinned: 'taskset not available' };
  return pinning;
}

/** Puts a server child on the server's CPU (no-op unpinned). */
export function pinServer(pinning: Pinning | { unpinned: string }, pid: number | undefined): void {
  if ('serverCpus' in pinning && pid !== undefined && !setAffinity(pid, pinning.serverCpus)) {
    throw new Error(`could not pin the bench server (pid ${pid}) to CPU ${pinning.serverCpus}`);
  }
}

/** Lets the load generator use every CPU again (for the parts that are not measured against a pinned server). */
export function unpinLoadGenerator(pinning: Pinning): void {
  setAffinity(process.pid, pinning.allCpus);
}
