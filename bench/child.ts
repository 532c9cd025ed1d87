import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage } from './server/report-to-parent.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunningChild {
  message: ChildMessage;
  /** The child's CPU time so far, µs (children that call `answerCpuQueries`). */
  cpuMicros(): Promise<number>;
  /** Disconnects and waits for the child to exit (it writes its CPU profile then). */
  stop(): Promise<void>;
}

/** Forks `bench/<script>` under tsx with its own node flags and waits for its first message. */
export function startChild(script: string, args: string[], nodeFlags: string[] = []): Promise<RunningChild> {
  const child: ChildProcess = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', ...nodeFlags],
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
    child.once('message', (message) => resolve({ message: message as ChildMessage, cpuMicros, stop }));
    child.once('exit', (code) => reject(new Error(`bench child ${script} ${args.join(' ')} exited with code ${code} before reporting`)));
  });
}

/** CPU-profile flags for server children when BENCH_CPU_PROF names a directory. */
export function profileFlags(): string[] {
  const directory = process.env.BENCH_CPU_PROF;
  return directory ? ['--cpu-prof', `--cpu-prof-dir=${directory}`] : [];
}
