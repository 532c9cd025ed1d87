// Runs the Koa, Fastify and Hono examples as the README says (a child process, configured by PORT and
// BYO_API_TOKEN), runs the curl line each prints, and stops each with SIGTERM.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TOKEN = 'example-token-0123456789abcdef';
const run = promisify(execFile);

/** Starts an example; resolves with its printed base URL and curl line once it listens. */
function startExample(file: string) {
  // PORT=0: the examples print the port they got, so no port has to be guessed free beforehand.
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', BYO_API_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = new Promise<{ baseUrl: string; curl: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const baseUrl = /BYO Engine API on (http:\/\/localhost:\d+\/byo)/.exec(output)?.[1];
      const curl = /^Try: (curl .*)$/m.exec(output)?.[1];
      if (baseUrl && curl) resolve({ baseUrl, curl });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`${file} exited with ${code} before listening:\n${output}`)));
  });
  return { child, listening, exited, output: () => output };
}

describe.each(['koa', 'fastify', 'hono'])('examples/%s/server.ts', (name) => {
  it('starts, answers the curl line it prints, serves its own route, and stops on SIGTERM', async () => {
    const example = startExample(`examples/${name}/server.ts`);
    try {
      const { baseUrl, curl } = await example.listening;
      expect(baseUrl).not.toMatch(/:8080\//);

      // The token is a secret: the example names its variable and never prints it.
      expect(curl).toContain('"X-Api-Token: $BYO_API_TOKEN"');
      expect(example.output()).not.toContain(TOKEN);
      const { stdout } = await run('sh', ['-c', curl], { env: { ...process.env, BYO_API_TOKEN: TOKEN } });
      expect(JSON.parse(stdout)).toEqual({
        sourceLanguage: 'en',
        targetLanguage: 'de',
        segments: [{ idx: '1', text: 'Hello world', translatedText: '[de] Hello world' }],
      });
      const health = await fetch(`${baseUrl.replace(/\/byo$/, '')}/health`);
      expect(await health.json()).toEqual({ ok: true });
      const unauthorized = await fetch(`${baseUrl}/languages`, { method: 'POST' });
      expect(unauthorized.status).toBe(401);

      example.child.kill('SIGTERM');
      expect(await example.exited).toBe(0);
      expect(example.output()).toContain('SIGTERM: finishing running jobs');
    } finally {
      if (example.child.exitCode === null && example.child.signalCode === null) example.child.kill('SIGKILL');
    }
  }, 60_000);
});
