import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ChildMessage } from './server/report-to-parent.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningChild {
  message: ChildMessage;
  pid: number | undefined;
  /** The child's CPU time so far, µs (children that call `answerCpuQueries`). */
  cpuMicros(): Promise<number>;
  /** Disconnects and waits for the child to exit (it writes its CPU profile then). */
  stop(): Promise<void>;
}

/**
 * `bench/<script>` and what it imports (the engine from `src/`, the adapters, the hand-written routes) bundled by
 * esbuild as tsup bundles the package, into `bench/.build/` (beside node_modules, which stay external). Servers
 * run from it, not under tsx: tsx compiles with esbuild's `keepNames`, which wraps every closure made at run time
 * in a `__name` call (a defineProperty), a cost the published package does not have.
 */
export async function bundleChild(script: string): Promise<string> {
  const outfile = fileURLToPath(new URL(`.build/${script.replace(/\.ts$/, '.mjs')}`, import.meta.url));
  await build({
    entryPoints: [fileURLToPath(new URL(script, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Forks `bench/<script>` with its own node flags and waits for its first message: under tsx, or `bundled`
 * (see `bundleChild`) for the servers whose cost per request is measured.
 */
export async function startChild(script: string, args: string[], nodeFlags: string[] = [], bundled = false): Promise<RunningChild> {
  const entry = bundled ? await bundleChild(script) : fileURLToPath(new URL(script, import.meta.url));
  const child: ChildProcess = fork(entry, args, {
    cwd: REPO_ROOT,
    execArgv: bundled ? nodeFlags : ['--import', 'tsx', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.connected) child.disconnect();
    await exited;
  };
  const cpuMicros = () =>
    new Promise<number>((resolve) => {
      const onMessage = (message: ChildMessage) => {
        if (message.kind !== 'cpu') return;
        child.off('message', onMessage);
        resolve(message.micros);
      };
      child.on('message', onMessage);
      child.send('cpu');
    });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ message: message as ChildMessage, pid: child.pid, cpuMicros, stop }));
    child.once('exit', (code) => reject(new Error(`bench child ${script} ${args.join(' ')} exited with code ${code} before reporting`)));
  });
}

/** CPU-profile flags for server children when BENCH_CPU_PROF names a directory. */
export function profileFlags(): string[] {
  const directory = process.env.BENCH_CPU_PROF;
  return directory ? ['--cpu-prof', `--cpu-prof-dir=${directory}`] : [];
}
