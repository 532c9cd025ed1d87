import { randomUUID } from 'node:crypto';
import { JobStoreUnavailableError } from 'byo-engine';
import { describeJobStoreContract } from 'byo-engine/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATABASE_URL, checkPostgres, describeWithServices, uniqueName } from '../../test/support/services.js';
import { PostgresJobStore } from './postgres-job-store.js';

const postgres = await checkPostgres();

describeWithServices([postgres], 'PostgresJobStore example', () => {
  const table = uniqueName('byo_jobs');
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
