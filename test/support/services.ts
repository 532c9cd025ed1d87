// Redis and PostgreSQL for tests: where they are, whether they answer, and how tests that need them
// register (run; skipped with a one-line reason; or failing when CI=true, where they must run).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, it } from 'vitest';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ServiceCheck {
  /** What the tests need, as the skip reason names it. */
  readonly name: string;
  readonly available: boolean;
  /** Why it is not available. */
  readonly reason?: string;
}

/** A name unique to this test run, for Redis key prefixes and SQL table names (letters, digits, `_`). */
export function uniqueName(base: string): string {
  return `${base}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function withoutPassword(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Pings REDIS_URL once, without retrying. */
export async function checkRedis(url = REDIS_URL): Promise<ServiceCheck> {
  const name = `Redis at ${withoutPassword(url)} (REDIS_URL)`;
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return { name, available: true };
  } catch (error) {
    return { name, available: false, reason: failure(error) };
  } finally {
    client.disconnect();
  }
}

/** Runs `select 1` on DATABASE_URL once. */
export async function checkPostgres(url = DATABASE_URL): Promise<ServiceCheck> {
  const name = `PostgreSQL at ${withoutPassword(url)} (DATABASE_URL)`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return { name, available: true };
  } catch (error) {
    return { name, available: false, reason: failure(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether a `redis-server` binary is on the PATH (for tests that run their own, to stop and restart it). */
export function checkRedisServerBinary(): ServiceCheck {
  const run = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  const name = 'the redis-server binary';
  return run.status === 0 ? { name, available: true } : { name, available: false, reason: run.error?.message ?? 'not on PATH' };
}

/**
 * Registers `register` under `describe(title)` when every service is available. Otherwise the block is
 * skipped with a one-line reason, except when CI=true: there a missing service is a failing test.
 */
export function describeWithServices(checks: readonly ServiceCheck[], title: string, register: () => void): void {
  const missing = checks.filter((check) => !check.available);
  const reason = missing.map((check) => `${check.name} is unavailable: ${check.reason}`).join('; ');
  if (missing.length > 0 && process.env.CI === 'true') {
    describe(title, () => {
      it('has the services it needs (CI=true requires them)', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  if (missing.length > 0) console.warn(`skipping "${title}": ${reason}`);
  describe.skipIf(missing.length > 0)(missing.length > 0 ? `${title} (skipped: ${reason})` : title, register);
}
