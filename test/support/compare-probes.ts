// The requests that the comparisons of rows send (test/adapters-compare.test.ts for the in-process rows,
// test/runtimes/ for the runtime processes), and the helpers of their async flows.
import type { Probe, Recorder } from './transcripts.js';
import { translateBody } from './test-engine.js';

/** A JSON body with its Content-Type, to spread into a probe. */
export const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
/**
 * Every endpoint and every error the engine gives without special set-up, for an engine whose body limit
 * is `maxBodyBytes` (the 413 probes send just over it); `expected` is the status.
 */
export function compareProbes(maxBodyBytes: number): (Probe & { expected: number })[] {
  const oversized = JSON.stringify(translateBody(1, { segments: [{ idx: '0', text: 'x'.repeat(maxBodyBytes) }] }));
  return [
    { name: 'languages', method: 'POST', path: '/languages', ...json({}), expected: 200 },
    { name: 'languages without a body', method: 'POST', path: '/languages', expected: 200 },
    { name: 'status', method: 'POST', path: '/status', ...json({}), expected: 200 },
    { name: 'translate', method: 'POST', path: '/translate', ...json(translateBody(3)), expected: 200 },
    {
      name: 'translate with charset',
      method: 'POST',
      path: '/translate',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(translateBody(1)),
      expected: 200,
    },
    { name: 'openapi document', method: 'GET', path: '/openapi.json', expected: 200 },
    { name: 'unsupported pair', method: 'POST', path: '/translate', ...json(translateBody(1, { targetLanguage: 'xx' })), expected: 400 },
    { name: 'invalid body', method: 'POST', path: '/translate', ...json({ sourceLanguage: 'en' }), expected: 400 },
    {
      name: 'empty JSON body',
      method: 'POST',
      path: '/translate',
      headers: { 'content-type': 'application/json' },
      body: '',
      expected: 400,
    },
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/translate',
      headers: { 'content-type': 'application/json' },
      body: '{"sourceLanguage":',
      hostMayAnswer: true,
      expected: 400,
    },
    {
      name: 'not UTF-8',
      method: 'POST',
      path: '/translate',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]),
      hostMayAnswer: true,
      expected: 400,
    },
    { name: 'no token', method: 'POST', path: '/translate', token: null, ...json(translateBody(1)), expected: 401 },
    { name: 'wrong token', method: 'POST', path: '/translate', token: 'not-a-token', ...json(translateBody(1)), expected: 401 },
    {
      name: 'scope missing',
      method: 'POST',
      path: '/translate',
      token: null,
      headers: { 'content-type': 'application/json', 'x-scoped-caller': 'yes' },
      body: JSON.stringify(translateBody(1)),
      expected: 403,
    },
    { name: 'unknown endpoint', method: 'GET', path: '/nope', expected: 404 },
    { name: 'mount point itself', method: 'GET', path: '', expected: 404 },
    { name: 'unknown job status', method: 'GET', path: '/translateAsyncStatus/no-such-job', expected: 404 },
    { name: 'unknown job result', method: 'GET', path: '/translateAsyncResult/no-such-job', expected: 404 },
    { name: 'wrong method', method: 'GET', path: '/translate', expected: 405 },
    { name: 'wrong method with id', method: 'POST', path: '/translateAsyncStatus/abc', ...json({}), expected: 405 },
    {
      name: 'body over the limit',
      method: 'POST',
      path: '/translate',
      headers: { 'content-type': 'application/json' },
      body: oversized,
      expected: 413,
    },
    {
      name: 'chunked body over the limit',
      method: 'POST',
      path: '/translate',
      headers: { 'content-type': 'application/json' },
      body: { chunks: [new TextEncoder().encode(oversized.slice(0, 2000)), new TextEncoder().encode(oversized.slice(2000))] },
      expected: 413,
    },
    {
      name: 'text/plain body',
      method: 'POST',
      path: '/translate',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(translateBody(1)),
      expected: 415,
    },
    {
      name: 'malformed Content-Type',
      method: 'POST',
      path: '/translate',
      headers: { 'content-type': 'nonsense' },
      body: JSON.stringify(translateBody(1)),
      expected: 415,
    },
    {
      name: 'no Content-Type',
      method: 'POST',
      path: '/translate',
      body: new TextEncoder().encode(JSON.stringify(translateBody(1))),
      expected: 415,
    },
  ];
}

/** A job's status request. */
export const jobStatus = (id: string): Probe => ({ name: 'job status', method: 'GET', path: `/translateAsyncStatus/${id}` });

/** Polls the job without recording until it is no longer running. */
export async function untilSettled(recorder: Recorder, id: string): Promise<void> {
  for (let poll = 0; poll < 1_000; poll++) {
    const { json: body } = await recorder.peek(jobStatus(id));
    if ((body as { status: string }).status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`job ${id} did not settle`);
}

/** Submits an async job, recorded as `name`; returns its id. */
export async function submit(recorder: Recorder, name: string, body: unknown): Promise<string> {
  const answer = await recorder.send({ name, method: 'POST', path: '/translateAsync', ...json(body) });
  return (answer!.json as { id: string }).id;
}
