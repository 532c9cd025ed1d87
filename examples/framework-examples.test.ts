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

/**
 * The request that once killed `npm start` (heap out of memory after 52 s): eight glossary entries with an
 * empty term, which the spec allows, 1,213 bytes in all.
 */
function emptyTermBody(): string {
  const body = (text: string) =>
    JSON.stringify({
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [
        { idx: '1', text: 'Hello world, this is the first segment of the request.' },
        { idx: '2', text },
      ],
      glossary: Array.from({ length: 8 }, (_, index) => ({ term: '', translation: `Begriff-Nummer-${index + 1}-mit-langem-Text` })),
      metadata: { project_uid: 'p-1', job_uid: 'j-1' },
    });
  const text = 'x'.repeat(1_213 - Buffer.byteLength(body('')));
  return body(text);
}

describe('examples/express/server.ts (npm start)', () => {
  it('answers the empty-glossary-term request at once and stays up', async () => {
    const example = startExample('examples/express/server.ts');
    try {
      const { baseUrl } = await example.listening;
      const body = emptyTermBody();
      expect(Buffer.byteLength(body)).toBe(1_213);
      const headers = { 'content-type': 'application/json', 'x-api-token': TOKEN };
      // Within a second, where the old server ran out of memory after 52 s.
      const answer = await fetch(`${baseUrl}/translate`, { method: 'POST', headers, body, signal: AbortSignal.timeout(1_000) });
      expect(answer.status).toBe(200);
      const translated = (await answer.json()) as { segments: { translatedText: string }[] };
      expect(translated.segments[0].translatedText).toBe('[de] Hello world, this is the first segment of the request.');

      const again = await fetch(`${baseUrl}/status`, { method: 'POST', headers });
      expect(await again.json()).toEqual({ status: 'ok' });
      expect(example.child.exitCode).toBeNull();
      example.child.kill('SIGTERM');
      expect(await example.exited).toBe(0);
    } finally {
      if (example.child.exitCode === null && example.child.signalCode === null) example.child.kill('SIGKILL');
    }
  }, 60_000);
});
