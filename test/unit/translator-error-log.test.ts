// A failing translator is logged with its own stack (as the error's cause), so the log points at the line
// in the user's code that threw; the answer to Phrase stays the short, safe message. Default log lines
// carry a timestamp.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createByoEngine, type TranslateFunction } from 'byo-engine';
import { stderrLogger } from '../../src/logger.js';
import { recordingLogger } from '../behaviour/harness.js';

const request = { sourceLanguage: 'en', targetLanguage: 'de', segments: [{ idx: '1', text: 'Hello' }] };

/** A named function in the user's code that fails, as a client library would. */
function callBackendDown(): never {
  throw new Error('backend down');
}
const translate: TranslateFunction = () => callBackendDown();

const call = (path: string, body?: unknown) => ({
  method: body === undefined ? 'GET' : 'POST',
  path,
  headers: { 'content-type': 'application/json' },
  body: body === undefined ? undefined : ({ kind: 'parsed', value: body } as const),
});

describe('translator errors in the log', () => {
  it('/translate: the log line carries the stack of the function that threw; the answer is unchanged', async () => {
    const { logger, lines } = recordingLogger();
    const engine = createByoEngine({ translate, languages: [request], auth: false, logger });
    const answer = await engine.handle(call('/translate', request));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ error: 'translator failed: backend down' });
    const line = lines.find((candidate) => candidate.message === 'translator failed');
    const err = line?.details.err as { name: string; cause: { message: string; stack: string } };
    expect(err.name).toBe('TranslatorFailure');
    expect(err.cause.message).toBe('backend down');
    expect(err.cause.stack).toMatch(/^Error: backend down\n\s+at callBackendDown /);
    await engine.close();
  });

  it('async jobs: the same, with the job id', async () => {
    const { logger, lines } = recordingLogger();
    const engine = createByoEngine({ translate, languages: [request], auth: false, logger });
    const submitted = await engine.handle(call('/translateAsync', request));
    const { id } = JSON.parse(submitted.body) as { id: string };
    let status = 'running';
    while (status === 'running') {
      await new Promise((resolve) => setImmediate(resolve));
      status = (JSON.parse((await engine.handle(call(`/translateAsyncStatus/${id}`))).body) as { status: string }).status;
    }
    expect(status).toBe('failed');
    const line = lines.find((candidate) => candidate.message === 'translator failed');
    expect(line?.details.jobId).toBe(id);
    expect((line?.details.err as { cause: { stack: string } }).cause.stack).toContain('at callBackendDown ');
    await engine.close();
  });
});

describe('the default logger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes JSON lines with an ISO timestamp first', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    stderrLogger.warn({ jobId: 'j1' }, 'something to see');
    stderrLogger.error({}, 'something broke');
    expect(written).toHaveLength(2);
    const [warn, error] = written.map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(Object.keys(warn)[0]).toBe('time');
    expect(warn).toMatchObject({ level: 'warn', msg: 'something to see', jobId: 'j1' });
    expect(error).toMatchObject({ level: 'error', msg: 'something broke' });
    for (const line of [warn, error]) expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });
});
