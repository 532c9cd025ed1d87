// The runtime, Next.js and NestJS examples as the README runs them (`npm run start:node|bun|deno|worker|next|nest|nest-fastify`,
// configured by PORT and BYO_API_TOKEN): each serves /byo and passes `byo-engine check`, then stops on SIGTERM.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CHECK_NAMES, checkEngine } from '../test/cli/check-helpers.js';
import { binaryCheck } from '../test/runtimes/runtime-servers.js';
import { describeWithServices, type ServiceCheck } from '../test/support/services.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TOKEN = 'example-token-0123456789abcdef';
const bin = (name: string) => `${ROOT}node_modules/.bin/${name}`;

const examples: { script: string; check: () => ServiceCheck }[] = [
  { script: 'start:node', check: () => ({ name: 'Node', available: true }) },
  { script: 'start:bun', check: () => binaryCheck('Bun (devDependency bun)', bin('bun')) },
  { script: 'start:deno', check: () => binaryCheck('Deno (devDependency deno)', bin('deno')) },
  { script: 'start:worker', check: () => binaryCheck('workerd (devDependency workerd)', bin('workerd')) },
  // A production build (`next build`, then Next's handler): the runtime row runs `next dev`.
  { script: 'start:next', check: () => binaryCheck('Next.js (devDependency next)', bin('next')) },
  // NestJS on its Express platform; its 500-segment check proves Nest's body parser is out of the way.
  { script: 'start:nest', check: () => ({ name: 'NestJS', available: true }) },
  // NestJS on its Fastify platform, byo-engine's Fastify plugin registered on it; Nest's body parsers stay on.
  { script: 'start:nest-fastify', check: () => ({ name: 'NestJS (Fastify platform)', available: true }) },
];

function startScript(script: string) {
  const child = spawn('npm', ['run', '--silent', script], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', BYO_API_TOKEN: TOKEN, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: SIGTERM reaches the server under npm
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const baseUrl = /BYO Engine API on (http:\/\/localhost:\d+\/byo)/.exec(output)?.[1];
      if (baseUrl) resolve(baseUrl.replace('localhost', '127.0.0.1'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`npm run ${script} exited with ${code} before listening:\n${output}`)));
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch (error) {
      // The whole group may have exited already (`exec node` leaves no wrapper behind).
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  return { listening, exited, signal, output: () => output };
}

for (const { script, check } of examples) {
  describeWithServices([check()], `npm run ${script}`, () => {
    it('serves the six endpoints under /byo with the BYO_API_TOKEN, passes byo-engine check, stops on SIGTERM', async () => {
      const example = startScript(script);
      try {
        const baseUrl = await example.listening;
        expect(baseUrl).not.toMatch(/:8080\//);
        const report = await checkEngine(baseUrl, TOKEN);
        expect(report.checks.filter((result) => result.outcome !== 'pass')).toEqual([]);
        expect(report.checks.map((result) => result.name)).toEqual(CHECK_NAMES);
        expect((await fetch(`${baseUrl.replace(/\/byo$/, '')}/health`)).status).toBe(200);
        expect((await fetch(`${baseUrl}/languages`, { method: 'POST' })).status).toBe(401);
        example.signal('SIGTERM');
        await example.exited;
      } finally {
        example.signal('SIGKILL');
      }
    }, 180_000);
  });
}
