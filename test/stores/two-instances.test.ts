// Two separate Node processes of examples/express-redis share one Redis: a job submitted to one is polled
// and fetched from the other, and a job whose instance is killed is reported failed (worker lost).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LOST_WORKER_DETAIL } from 'byo-engine/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REDIS_URL, checkRedis, describeWithServices, uniqueName } from '../support/services.js';
import { API_TOKEN, translateBody } from '../support/test-engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LEASE_MS = 5_000;
const redis = await checkRedis();

interface Instance {
  readonly process: ChildProcess;
  readonly baseUrl: string;
  readonly output: string[];
  readonly exited: Promise<unknown>;
}

/** Starts the example in its own process (node + tsx, no npx wrapper, so that a kill reaches the server). */
async function startInstance(prefix: string, delayMsPerSegment: number): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/express-redis/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LEASE_MS: String(LEASE_MS),
      BYO_API_TOKEN: API_TOKEN,
      DEMO_DELAY_MS: String(delayMsPerSegment),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start within 45 s:\n${output.join('')}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /BYO Engine API on (http:\/\/\S+)/.exec(output.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`instance exited before it started:\n${output.join('')}`));
    });
  });
  return { process: child, baseUrl, output, exited };
}

describeWithServices([redis], 'two instances of examples/express-redis sharing one Redis', () => {
  const prefix = `${uniqueName('byo-two-instances')}:`;
  let fast: Instance;
  /** Its translator never finishes on its own: its jobs are in flight until it is killed. */
  let stuck: Instance;

  const call = (instance: Instance, method: string, path: string, body?: unknown) =>
    fetch(`${instance.baseUrl}${path}`, {
      method,
      headers: { 'x-api-token': API_TOKEN, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  async function submit(instance: Instance, segments: number): Promise<string> {
    const response = await call(instance, 'POST', '/translateAsync', translateBody(segments));
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }
  async function status(instance: Instance, id: string): Promise<{ status: string; detail?: string }> {
    const response = await call(instance, 'GET', `/translateAsyncStatus/${id}`);
    expect(response.status).toBe(200);
    return response.json() as Promise<{ status: string; detail?: string }>;
  }
  /** Polls like Phrase does, until the job is no longer running; fails after `timeoutMs`. */
  async function pollUntilFinished(instance: Instance, id: string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await status(instance, id);
      if (answer.status !== 'running') return answer;
      if (Date.now() > deadline) throw new Error(`job ${id} still running after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    [fast, stuck] = await Promise.all([startInstance(prefix, 0), startInstance(prefix, 3_600_000)]);
  }, 90_000);
  afterAll(async () => {
    for (const instance of [fast, stuck]) {
      if (instance && instance.process.exitCode === null && instance.process.signalCode === null) {
        instance.process.kill('SIGKILL');
        await instance.exited;
      }
    }
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('a job submitted to one instance is polled and fetched from the other', async () => {
    const id = await submit(fast, 3);
    expect(await pollUntilFinished(stuck, id, 15_000)).toEqual({ status: 'done' });
    const result = await call(stuck, 'GET', `/translateAsyncResult/${id}`);
    expect(result.status).toBe(200);
    const body = (await result.json()) as { segments: { translatedText: string }[] };
    expect(body.segments.map((segment) => segment.translatedText)).toEqual(['[de] segment 0', '[de] segment 1', '[de] segment 2']);
  });

  it('a job whose instance is killed mid-job is reported failed (worker lost) while the others complete', async () => {
    const lost = await submit(stuck, 2);
    // Longer than a lease: the stuck instance's renewals keep its job running, as seen from the other one.
    const runningUntil = Date.now() + LEASE_MS + 1_000;
    while (Date.now() < runningUntil) {
      expect(await status(fast, lost)).toEqual({ status: 'running' });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const before = await submit(fast, 1);

    stuck.process.kill('SIGKILL');
    await stuck.exited;
    const after = await submit(fast, 1);

    expect(await pollUntilFinished(fast, lost, LEASE_MS + 5_000)).toEqual({ status: 'failed', detail: LOST_WORKER_DETAIL });
    const result = await call(fast, 'GET', `/translateAsyncResult/${lost}`);
    expect(result.status).toBe(409);
    expect(((await result.json()) as { error: string }).error).toContain('worker running this job was lost');
    expect(await pollUntilFinished(fast, before, 15_000)).toEqual({ status: 'done' });
    expect(await pollUntilFinished(fast, after, 15_000)).toEqual({ status: 'done' });
  });
});
