// Real processes for the BullMQ tests: the example front-end (with or without its worker), the example worker,
// and a counting worker. Every process started is SIGKILLed by `killAll` (call it in afterAll), whatever happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const TOKEN = 'bullmq-test-token-0123456789';

export interface Started {
  readonly child: ChildProcess;
  /** The front-end's origin (servers only). */
  readonly origin?: string;
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  output(): string;
}

export class Processes {
  private readonly children: ChildProcess[] = [];

  /** Starts `script` (relative to the repository) with `env`, and waits until it prints `ready` (bounded). */
  async start(
    script: string,
    env: Record<string, string>,
    ready: RegExp,
    timeoutMs = 150_000,
  ): Promise<Started & { match: RegExpMatchArray }> {
    // Node itself with tsx's loader, not tsx's CLI: the CLI runs the script in a grandchild that a SIGKILL of the
    // CLI leaves running (workers then polled Redis long after the tests).
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, BYO_API_TOKEN: TOKEN, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const found = output.match(ready);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout.on('data', check);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${script} exited before it was ready:\n${output}`));
      });
    });
    return { child, match, exited, output: () => output };
  }

  /** The example front-end (`examples/bullmq/server.ts`); `BYO_WORKER: '0'` for one without a worker. */
  async server(env: Record<string, string>): Promise<Started> {
    const started = await this.start('examples/bullmq/server.ts', env, /BYO Engine API on http:\/\/localhost:(\d+)\/byo/);
    return { ...started, origin: `http://127.0.0.1:${started.match[1]}` };
  }

  /** The example worker (`examples/bullmq/worker.ts`). */
  worker(env: Record<string, string>): Promise<Started> {
    return this.start('examples/bullmq/worker.ts', env, /worker ready/);
  }

  /** A worker whose translator counts, in Redis, how many calls run at once (test/bullmq/support/counting-worker.ts). */
  countingWorker(env: Record<string, string>): Promise<Started> {
    return this.start('test/bullmq/support/counting-worker.ts', env, /worker ready/);
  }

  killAll(): void {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
