import { performance } from 'node:perf_hooks';

export interface EngineCall {
  method: 'GET' | 'POST';
  /** Path below the base URL, such as `/translate`. */
  path: string;
  headers: Record<string, string>;
  /** A JSON body, already serialized. */
  body?: string;
}

/** One answer, read in full. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  durationMs: number;
  /** Bytes of the request body sent (0 without a body). */
  sentBytes: number;
}

export interface EngineClientOptions {
  /** Sockets kept to the engine; a load run needs one per request in flight. */
  connections: number;
  timeoutMs: number;
}

/** Calls one engine through Node's built-in fetch (keep-alive connections, no dependency). */
export class EngineClient {
  readonly baseUrl: string;
  readonly connections: number;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: EngineClientOptions) {
    const url = parseBaseUrl(baseUrl);
    this.baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.timeoutMs = options.timeoutMs;
    this.connections = options.connections;
  }

  async send(call: EngineCall): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${call.path}`, {
      method: call.method,
      headers: call.body === undefined ? call.headers : { ...call.headers, 'content-type': 'application/json' },
      body: call.body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    const headers: Answer['headers'] = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    const sentBytes = call.body === undefined ? 0 : Buffer.byteLength(call.body);
    return { status: response.status, headers, text, durationMs: performance.now() - started, sentBytes };
  }

  /** Nothing to release: fetch's idle keep-alive sockets do not hold the process open. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The base URL the engine is mounted at, such as `http://127.0.0.1:8080/byo`. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`"${baseUrl}" is not a URL; pass the engine's base URL, such as http://127.0.0.1:8080/byo`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the base URL must be http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw new Error('the base URL must not have a query or fragment');
  if (url.username || url.password) throw new Error('put credentials in --api-token or --client-id/--client-secret, not in the URL');
  return url;
}

/** `ECONNREFUSED`, `timeout after 30000 ms`...: what went wrong with a call that got no answer. */
export function describeTransportError(error: unknown): string {
  const { name, code, message, cause } = (error ?? {}) as { name?: string; code?: string; message?: string; cause?: unknown };
  if (
    name === 'TimeoutError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return 'timeout';
  if (code) return code;
  // fetch wraps the socket's error (ECONNREFUSED...) as the cause of a TypeError('fetch failed').
  if (cause !== undefined && cause !== error) return describeTransportError(cause);
  return message ?? String(error);
}

/** Transport errors that mean no connection was made: nothing at that address answers. */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** What fetch says for a port it never connects to (the Fetch standard's blocked ports: 1, 7, 9, 11...). */
const BAD_PORT = 'bad port';

/** No server could be reached at the base URL: the run stops at once, with nothing marked passed. */
export class CannotConnectError extends Error {
  constructor(baseUrl: string, error: unknown) {
    const reason = describeTransportError(error);
    super(
      reason === BAD_PORT
        ? `cannot connect to ${baseUrl}: Node's fetch never connects to port ${new URL(baseUrl).port} (a reserved port); serve the engine on another port`
        : `cannot connect to ${baseUrl} (${reason}): is the server running, and are the host and port right?`,
    );
    this.name = 'CannotConnectError';
  }
}

/** Whether a call failed because no connection could be made (as opposed to a slow or broken answer). */
export function isConnectFailure(error: unknown): boolean {
  const { code, cause, message } = (error ?? {}) as { code?: string; cause?: unknown; message?: string };
  if (code !== undefined && CONNECT_FAILURES.has(code)) return true;
  if (message === BAD_PORT) return true;
  return cause !== undefined && cause !== error && isConnectFailure(cause);
}

/** One header's value as a string (the last, when repeated). */
export function headerValue(headers: Answer['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}
