import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TranslateContext, TranslateRequest } from 'byo-engine';

/** One request the fake engine received. */
export interface FakeCall<Body> {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Body;
}

/** What the fake engine answers: a JSON body (or raw text), a status and headers. */
export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
}

export interface FakeEngine<Body> {
  /** `http://127.0.0.1:PORT` */
  url: string;
  calls: FakeCall<Body>[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server standing in for a translation engine: it records every request and answers
 * with whatever `answer` returns, as the engine's documented API would.
 */
export async function startFakeEngine<Body>(answer: (call: FakeCall<Body>) => FakeAnswer | Promise<FakeAnswer>): Promise<FakeEngine<Body>> {
  const calls: FakeCall<Body>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const call: FakeCall<Body> = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: (text ? JSON.parse(text) : undefined) as Body,
      };
      calls.push(call);
      Promise.resolve(answer(call)).then(
        ({ status = 200, headers = {}, body, raw }) => {
          res.writeHead(status, { 'content-type': raw === undefined ? 'application/json' : 'text/plain', ...headers });
          res.end(raw ?? JSON.stringify(body ?? {}));
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake engine failed: ${String(error)}`);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A translator context as the engine would give it. */
export function testContext(signal: AbortSignal = new AbortController().signal): TranslateContext {
  return { signal, principal: { name: 'phrase', scheme: 'api-token' }, mode: 'sync' };
}

/** A request with the given texts, idx "0", "1", ... */
export function requestOf(texts: readonly string[], extra: Partial<TranslateRequest> = {}): TranslateRequest {
  return { sourceLanguage: 'en', targetLanguage: 'de', segments: texts.map((text, index) => ({ idx: String(index), text })), ...extra };
}

/** A promise the test settles itself. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A `sleep` for withRetry that records the delays asked for and does not wait. */
export function recordingSleep(): { sleep: (ms: number, signal: AbortSignal) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}
