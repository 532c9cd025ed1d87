import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

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
}

export interface EngineClientOptions {
  /** Sockets kept to the engine; a load run needs one per request in flight. */
  connections: number;
  timeoutMs: number;
}

/** Calls one engine through a keep-alive undici pool. */
export class EngineClient {
  readonly baseUrl: string;
  readonly connections: number;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: EngineClientOptions) {
    const url = parseBaseUrl(baseUrl);
    this.baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs;
    this.connections = options.connections;
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.timeoutMs },
    });
  }

  async send(call: EngineCall): Promise<Answer> {
    const started = performance.now();
    const response = await this.pool.request({
      method: call.method,
      path: `${this.basePath}${call.path}`,
      headers: call.body === undefined ? call.headers : { ...call.headers, 'content-type': 'application/json' },
      body: call.body,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, text, durationMs: performance.now() - started };
  }

  close(): Promise<void> {
    return this.pool.close();
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
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (code) return code;
  return message ?? String(error);
}

/** One header's value as a string (the last, when repeated). */
export function headerValue(headers: Answer['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}
