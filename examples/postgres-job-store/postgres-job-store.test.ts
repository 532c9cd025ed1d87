// Runs as it is from a copy in your own project (it imports only packages and its sibling file):
// DATABASE_URL points at a PostgreSQL database; without one the tests are skipped, except with CI=true.
import { randomBytes, randomUUID } from 'node:crypto';
import { JobStoreUnavailableError } from 'byo-engine';
import { describeJobStoreContract } from 'byo-engine/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresJobStore } from './postgres-job-store.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why the database cannot be used, or undefined when it answers. */
async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const problem = await postgresProblem();
if (problem && process.env.CI === 'true') throw new Error(`PostgreSQL at DATABASE_URL is needed with CI=true: ${problem}`);

describe.skipIf(problem !== undefined)(`PostgresJobStore example${problem ? ` (skipped: ${problem})` : ''}`, () => {
  // A table of its own per run, so parallel runs do not collide.
  const table = `byo_jobs_${process.pid}_${randomBytes(4).toString('hex')}`;
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
    await new PostgresJobStore({ pool, table }).migrate();
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS "${table}"`);
    await pool.end();
  });

  // Every store the kit opens is one more instance on the same table.
  describeJobStoreContract('PostgresJobStore', () => new PostgresJobStore({ pool, table }), { shared: true });

  it('sweep deletes expired rows', async () => {
    const store = new PostgresJobStore({ pool, table });
    const id = randomUUID();
    await store.create({ id, owner: 'owner-a', createdAt: Date.now(), ttlSeconds: 0.001 });
    await pool.query(`SELECT pg_sleep(0.01)`);
    await store.sweep();
    expect((await pool.query(`SELECT 1 FROM "${table}" WHERE id = $1`, [id])).rowCount).toBe(0);
    await store.close();
  });

  it('an unreachable database is JobStoreUnavailableError (503), not a generic error', async () => {
    const unreachable = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/test', connectionTimeoutMillis: 1_000 });
    const store = new PostgresJobStore({ pool: unreachable, table });
    await expect(store.get(randomUUID(), 'owner-a')).rejects.toBeInstanceOf(JobStoreUnavailableError);
    await store.close();
    await unreachable.end();
  });
});
