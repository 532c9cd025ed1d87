// How the engine submits and reads jobs with a MemoryJobStore: at once (no promise per submission or status poll),
// unless a subclass changed what `create` or `get` do, whose methods are then what the engine calls.
import { MemoryJobStore, answerAtOnce, isPromiseLike, type ByoEngine, type EngineResponse, type JobRecord, type NewJob } from 'byo-engine';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_HEADERS, testEngine, translateBody } from '../support/test-engine.js';

const engines: ByoEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

async function submitted(engine: ByoEngine): Promise<string> {
  const response = await engine.handle({
    method: 'POST',
    path: '/translateAsync',
    headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
    body: { kind: 'parsed', value: translateBody(2) },
  });
  return (JSON.parse(response.body) as { id: string }).id;
}

const poll = (engine: ByoEngine, path: string) => answerAtOnce(engine, { method: 'GET', path, headers: AUTH_HEADERS });

const submit = (engine: ByoEngine) =>
  answerAtOnce(engine, {
    method: 'POST',
    path: '/translateAsync',
    headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
    body: { kind: 'parsed', value: translateBody(2) },
  });

describe('submitting jobs to a MemoryJobStore', () => {
  it('answers the new id at once, and the job is there', async () => {
    const store = new MemoryJobStore();
    const engine = testEngine({ jobs: { store } });
    engines.push(engine);
    const answer = submit(engine);
    expect(isPromiseLike(answer)).toBe(false);
    const { id } = JSON.parse((answer as EngineResponse).body) as { id: string };
    expect(store.size).toBe(1);
    expect(JSON.parse((await engine.handle({ method: 'GET', path: `/translateAsyncStatus/${id}`, headers: AUTH_HEADERS })).body)).toEqual({
      status: 'done',
    });
  });

  it("calls a subclass's own create", async () => {
    const created: string[] = [];
    class AuditedStore extends MemoryJobStore {
      override async create(job: NewJob): Promise<void> {
        created.push(job.id);
        await super.create(job);
      }
    }
    const engine = testEngine({ jobs: { store: new AuditedStore() } });
    engines.push(engine);
    const answer = submit(engine);
    expect(isPromiseLike(answer)).toBe(true);
    const { id } = JSON.parse((await answer).body) as { id: string };
    expect(created).toEqual([id]);
  });
});

describe('reading jobs from a MemoryJobStore', () => {
  it('answers a status poll and a result fetch at once, the same as through a promise', async () => {
    const engine = testEngine({ jobs: { store: new MemoryJobStore() } });
    engines.push(engine);
    const id = await submitted(engine);
    await engine.handle({ method: 'GET', path: `/translateAsyncStatus/${id}`, headers: AUTH_HEADERS }); // lets the job finish
    for (const [path, expected] of [
      [`/translateAsyncStatus/${id}`, { status: 'done' }],
      [`/translateAsyncResult/${id}`, { segments: [{ idx: '0', translatedText: '<de>segment 0' }, { idx: '1' }] }],
      ['/translateAsyncStatus/no-such-job', { error: expect.stringContaining('was not found') }],
    ] as const) {
      const answer = poll(engine, path);
      expect(isPromiseLike(answer), path).toBe(false);
      expect(JSON.parse((answer as EngineResponse).body)).toMatchObject(expected);
    }
  });

  it("asks a subclass's own get, and answers what it says", async () => {
    const asked: string[] = [];
    class AuditedStore extends MemoryJobStore {
      override async get(id: string, owner: string): Promise<JobRecord | undefined> {
        asked.push(id);
        const job = await super.get(id, owner);
        return job && { ...job, status: 'failed', detail: 'withheld by audit' };
      }
    }
    const engine = testEngine({ jobs: { store: new AuditedStore() } });
    engines.push(engine);
    const id = await submitted(engine);
    const answer = poll(engine, `/translateAsyncStatus/${id}`);
    expect(isPromiseLike(answer)).toBe(true);
    expect(JSON.parse((await answer).body)).toEqual({ status: 'failed', detail: 'withheld by audit' });
    expect(asked).toEqual([id]);
  });
});
