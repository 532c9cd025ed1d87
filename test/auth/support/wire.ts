import { expect } from 'vitest';
import { buildOpenApiDocument, type OperationId } from 'byo-engine';
import { readOperations } from '../../../src/openapi/operations.js';
import { expectErrorBody, expectMatchesSchema } from '../../support/schema-check.js';
import { translateBody } from '../../support/test-engine.js';

export const operations = readOperations(buildOpenApiDocument());
export const operationById = new Map(operations.map((operation) => [operation.id, operation]));
export const ALL_SCOPES = operations.map((operation) => operation.scope).join(' ');

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** One request over HTTP; the body is parsed when the answer is JSON. */
export async function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams } = {},
): Promise<Answer> {
  const response = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  return { status: response.status, headers: response.headers, text, body: isJson ? JSON.parse(text) : text };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Calls one of the six operations with a fitting body, and checks the answer against the document. */
export async function callOperation(
  base: string,
  operationId: OperationId,
  headers: Record<string, string>,
  jobId = 'no-such-job',
): Promise<Answer> {
  const operation = operationById.get(operationId)!;
  const path = operation.path.replace('{id}', encodeURIComponent(jobId));
  const body = operation.method === 'POST' ? JSON.stringify(operationId.startsWith('translate') ? translateBody(1) : {}) : undefined;
  const answer = await send(`${base}${path}`, {
    method: operation.method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body,
  });
  if (answer.status === 200) expectMatchesSchema(operationId, 200, answer.body);
  else expectErrorBody(answer.body);
  return answer;
}

/** Submits a job and waits until it is no longer running. */
export async function finishedJob(base: string, headers: Record<string, string>): Promise<string> {
  const submitted = await callOperation(base, 'translateAsync', headers);
  expect(submitted.status).toBe(200);
  const id = (submitted.body as { id: string }).id;
  for (let attempt = 0; attempt < 200; attempt++) {
    const status = await callOperation(base, 'translateAsyncStatus', headers, id);
    if ((status.body as { status: string }).status !== 'running') return id;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job ${id} did not finish`);
}

/** Asserts a 401: the `{ error }` body, and a `WWW-Authenticate: Bearer` challenge (with `invalid_token` when a token was sent). */
export function expectUnauthorized(answer: Answer, invalidToken: boolean): void {
  expect(answer.status, answer.text).toBe(401);
  expectErrorBody(answer.body);
  const challenge = answer.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="byo-engine"/);
  if (invalidToken) expect(challenge).toMatch(/error="invalid_token", error_description="[^"]+"/);
  else expect(challenge).not.toMatch(/error=/);
}
