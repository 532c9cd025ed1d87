// The examples as a newcomer runs them: a busy port is reported as such (exit 1, one line), and stopping
// `npm start` by its PID stops the server too (the script execs node, so no child is left serving).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TOKEN = 'example-token-0123456789abcdef';

/** Runs a command to its end; resolves with its exit code and output. */
function runToExit(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe.concurrent('an example started on a busy port', () => {
  const busy = createServer();
  let port: number;
  beforeAll(async () => {
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  const examples: [string, Record<string, string>][] = [
    ['express', {}],
    ['koa', {}],
    ['fastify', {}],
    ['hono', {}],
    ['express-oauth', { BYO_CLIENT_SECRET: 'client-secret-0123456789' }],
    ['express-redis', { REDIS_PREFIX: `byo-busy-port-${process.pid}:` }],
    ['openai-compatible', { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_MODEL: 'none' }],
  ];
  for (const [name, env] of examples) {
    it(`${name}: says the port is in use and exits 1`, async () => {
      const { code, output } = await runToExit(process.execPath, ['--import', 'tsx', `examples/${name}/server.ts`], {
        ...env,
        PORT: String(port),
        BYO_API_TOKEN: TOKEN,
      });
      expect(output).toContain(`Port ${port} is already in use: stop what uses it, or start with PORT=<another port>`);
      expect(output).not.toContain('TypeError');
      expect(code).toBe(1);
    }, 60_000);
  }
});

describe('npm start', () => {
  it('stops serving when the npm process gets SIGTERM', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', BYO_API_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let output = '';
        npm.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /BYO Engine API on (http:\/\/localhost:\d+\/byo)/.exec(output);
          if (match) resolve(match[1]);
        });
        void exited.then(() => reject(new Error(`npm start exited before listening:\n${output}`)));
      });
      expect((await fetch(`${baseUrl}/status`, { method: 'POST' })).status).toBe(401);
      npm.kill('SIGTERM');
      await exited;
      // The server went with npm: nothing answers on its port any more (within a bounded wait).
      const deadline = Date.now() + 15_000;
      let stillServing = true;
      while (stillServing && Date.now() < deadline) {
        stillServing = await fetch(`${baseUrl}/status`, { method: 'POST', signal: AbortSignal.timeout(2_000) }).then(
          () => true,
          () => false,
        );
        if (stillServing) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(stillServing).toBe(false);
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    }
  }, 90_000);
});
