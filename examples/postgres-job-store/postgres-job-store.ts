// An example custom JobStore: async jobs in a PostgreSQL table, shared by every instance that uses the
// same table. It passes byo-engine's contract kit (see postgres-job-store.test.ts). Each rule of the
// JobStore interface is one SQL statement, atomic in the database:
// - create: INSERT ... ON CONFLICT, which only replaces an expired row, so a live id is never overwritten;
// - complete/fail: UPDATE ... WHERE status = 'running', so of two concurrent finishers exactly one updates the row;
// - TTL: expires_at, checked by every statement against the database clock; a timer deletes expired rows.
// It has no lease (no `heartbeat`): a job whose instance died stays `running` until it expires.
import { JobStoreUnavailableError, type JobRecord, type JobStatus, type JobStore, type NewJob, type TranslateResponse } from 'byo-engine';
import type pg from 'pg';

export interface PostgresJobStoreOptions {
  /** Your pool (the store never ends it). */
  pool: pg.Pool;
  /** Table name (letters, digits, `_`). Default `byo_jobs`. */
  table?: string;
  /** How often expired rows are deleted, in ms. Default 60,000. */
  sweepIntervalMs?: number;
}

/** SQLSTATE classes that mean "the database is not reachable right now" (08: connection, 57P: shutdown, 53: resources). */
const UNAVAILABLE_STATE = /^(08|57P|53)/;
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

export class PostgresJobStore implements JobStore {
  private readonly pool: pg.Pool;
  private readonly table: string;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: PostgresJobStoreOptions) {
    const table = options.table ?? 'byo_jobs';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new Error(`PostgresJobStore: invalid table name ${JSON.stringify(table)}`);
    this.pool = options.pool;
    this.table = `"${table}"`;
    this.sweeper = setInterval(() => void this.sweep().catch(() => {}), options.sweepIntervalMs ?? 60_000);
    this.sweeper.unref();
  }

  /** Creates the table when it does not exist yet. Run it once at start-up. */
  async migrate(): Promise<void> {
    await this.query(`
      CREATE TABLE IF NOT EXISTS ${this.table} (
        id text PRIMARY KEY,
        owner text NOT NULL,
        status text NOT NULL,
        detail text,
        result text,
        created_at bigint NOT NULL,
        ttl_seconds double precision NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async create(job: NewJob): Promise<void> {
    const inserted = await this.query(
      `INSERT INTO ${this.table} AS job (id, owner, status, created_at, ttl_seconds, expires_at)
       VALUES ($1, $2, 'running', $3, $4, now() + make_interval(secs => $4))
       ON CONFLICT (id) DO UPDATE
         SET owner = excluded.owner, status = 'running', detail = NULL, result = NULL,
             created_at = excluded.created_at, ttl_seconds = excluded.ttl_seconds, expires_at = excluded.expires_at
         WHERE job.expires_at <= now()`,
      [job.id, job.owner, job.createdAt, job.ttlSeconds],
    );
    if (inserted.rowCount !== 1) throw new Error(`job ${job.id} already exists`);
  }

  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    const { rows } = await this.query<{ status: JobStatus; detail: string | null; result: string | null; created_at: string }>(
      `SELECT status, detail, result, created_at FROM ${this.table} WHERE id = $1 AND owner = $2 AND expires_at > now()`,
      [id, owner],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id,
      owner,
      status: row.status,
      createdAt: Number(row.created_at),
      ...(row.detail !== null && { detail: row.detail }),
      ...(row.result !== null && { result: JSON.parse(row.result) as TranslateResponse }),
    };
  }

  complete(id: string, result: TranslateResponse): Promise<boolean> {
    return this.finish(id, 'done', null, JSON.stringify(result));
  }

  fail(id: string, detail: string): Promise<boolean> {
    return this.finish(id, 'failed', detail, null);
  }

  /** Deletes expired rows (reads already ignore them). */
  async sweep(): Promise<void> {
    await this.query(`DELETE FROM ${this.table} WHERE expires_at <= now()`);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private async finish(id: string, status: JobStatus, detail: string | null, result: string | null): Promise<boolean> {
    const updated = await this.query(
      `UPDATE ${this.table}
         SET status = $2, detail = $3, result = $4, expires_at = now() + make_interval(secs => ttl_seconds)
       WHERE id = $1 AND status = 'running' AND expires_at > now()`,
      [id, status, detail, result],
    );
    return updated.rowCount === 1;
  }

  /** Runs a statement; an unreachable database becomes JobStoreUnavailableError (the engine answers 503). */
  private async query<Row extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<Row>> {
    try {
      return await this.pool.query<Row>(sql, values);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const unavailable = typeof code === 'string' && (UNAVAILABLE_STATE.test(code) || UNAVAILABLE_NETWORK.has(code));
      const lostConnection = error instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(error.message);
      if (unavailable || lostConnection)
        throw new JobStoreUnavailableError('Job storage (PostgreSQL) is unavailable; retry shortly', { cause: error });
      throw error;
    }
  }
}
