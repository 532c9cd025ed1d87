// Starts the runtime app (fixture/runtime-app.ts) as a real server process on Bun, Deno, workerd and Next.js.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleModule, serveWorker } from '../../examples/cloudflare-worker/workerd.js';
import type { ServiceCheck } from '../support/services.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'test/runtimes/fixture');
const NEXT_APP = join(ROOT, 'test/runtimes/next-app');
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

export interface RuntimeServer {
  origin: string;
  close(): Promise<void>;
}

export interface RuntimeRow {
  name: string;
  /** Whether the runtime's binary (from devDependencies) starts here. */
  check(): ServiceCheck;
  start(): Promise<RuntimeServer>;
}

/** Runs `command --version`; the check fails with what it printed when it does not start. */
export function binaryCheck(name: string, command: string, args: string[] = ['--version']): ServiceCheck {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  if (result.status === 0) return { name, available: true };
  const why = result.error?.message ?? (result.stderr || result.stdout || `exit ${result.status}`).trim().split('\n')[0];
  return { name, available: false, reason: `${command} ${args.join(' ')} did not run (${why}); run npm ci` };
}

/** A port free right now (workerd and next take a port, not 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    // Next's server runs in a child of its own: the whole process group goes.
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  });
}

/** Spawns a server (in its own process group) and resolves with the origin it prints. */
function spawnPrinting(
  command: string,
  args: string[],
  pattern: RegExp,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
) {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  return new Promise<RuntimeServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(child);
      reject(new Error(`${command} did not listen within ${options.timeoutMs} ms:\n${output}`));
    }, options.timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const origin = pattern.exec(output)?.[1];
      if (origin) {
        clearTimeout(timer);
        resolve({ origin, close: () => stop(child) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before listening:\n${output}`));
    });
  });
}

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

export const runtimeRows: RuntimeRow[] = [
  {
    name: 'bun',
    check: () => binaryCheck('Bun (devDependency bun)', bin('bun')),
    start: () => spawnPrinting(bin('bun'), [join(FIXTURE, 'bun-server.ts')], LISTENING, { timeoutMs: 60_000 }),
  },
  {
    name: 'deno',
    check: () => binaryCheck('Deno (devDependency deno)', bin('deno')),
    start: () =>
      spawnPrinting(
        bin('deno'),
        [
          'run',
          '--allow-net=127.0.0.1',
          '--allow-env',
          '--allow-read',
          '--config',
          join(ROOT, 'examples/deno/deno.json'),
          join(FIXTURE, 'deno-server.ts'),
        ],
        LISTENING,
        { timeoutMs: 90_000, env: { NO_COLOR: '1' } },
      ),
  },
  {
    name: 'workerd',
    check: () => binaryCheck('workerd (devDependency workerd)', bin('workerd')),
    async start() {
      const port = await freePort();
      const child = await serveWorker(join(FIXTURE, 'worker.ts'), port, {});
      return {
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolve) =>
            child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
          ),
      };
    },
  },
  {
    name: 'nextjs',
    check: () => binaryCheck('Next.js (devDependency next)', bin('next')),
    async start() {
      await bundleModule(join(FIXTURE, 'runtime-app.ts'), join(NEXT_APP, '.byo/runtime-app.mjs'));
      const port = await freePort();
      // `next dev` (the route compiles on its first request); examples/nextjs runs a production build.
      return spawnPrinting(bin('next'), ['dev', '-p', String(port), '-H', '127.0.0.1'], /(Ready) in/, {
        cwd: NEXT_APP,
        env: { NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
        timeoutMs: 180_000,
      }).then((server) => ({ ...server, origin: `http://127.0.0.1:${port}` }));
    },
  },
];
