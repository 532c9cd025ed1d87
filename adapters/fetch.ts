import {
  StreamBody,
  assertEngine,
  errorResponse,
  normalizeMountPath,
  pathBelowMount,
  type ByoEngine,
  type EngineResponse,
} from '../src/index.js';

/** Options of `byoFetch`. */
export interface ByoFetchOptions {
  /** Where the API lives in the request URL's path (`/byo`, `/api/v1/byo`). Default: the root. */
  prefix?: string;
}

/** What the host knows about the connection that the Fetch `Request` does not carry. */
export interface ByoFetchConnection {
  /** The caller's IP address (Hono: `getConnInfo(c).remote.address`; Bun: `server.requestIP(request)?.address`). */
  remoteAddress?: string;
}

/** A Fetch API handler (Hono, Bun, Deno, workers): a `Request` in, a `Response` out. */
export type ByoFetchHandler = (request: Request, connection?: ByoFetchConnection) => Promise<Response>;

const toResponse = (answer: EngineResponse) => new Response(answer.body, { status: answer.status, headers: answer.headers });

function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/**
 * A Fetch API handler for Hono (`app.all('/byo/*', (c) => handler(c.req.raw))`), Next.js route handlers,
 * Bun, Deno and Workers. Requests outside the prefix get the engine's 404 JSON.
 */
export function byoFetch(engine: ByoEngine, options: ByoFetchOptions = {}): ByoFetchHandler {
  assertEngine(engine, "app.all('/byo/*', (c) => byoFetch(engine, { prefix: '/byo' })(c.req.raw))");
  const mountPath = normalizeMountPath(options.prefix);
  return async (request, connection) => {
    const url = new URL(request.url);
    const path = pathBelowMount(url.pathname + url.search, mountPath);
    if (path === undefined) return toResponse(errorResponse(404, `No such endpoint: ${request.method} ${url.pathname}`));
    if (request.bodyUsed) {
      // A programming error in the host, not the caller's: the body is gone and cannot be answered for.
      throw new TypeError('byo-engine: the request body was already read by the host; pass a Request with an unread body');
    }
    const answer = await engine.handle({
      method: request.method,
      path,
      headers: headerRecord(request.headers),
      // Web ReadableStreams are async-iterable in Node 20+, Bun, Deno and Workers.
      body: request.body ? new StreamBody(request.body as unknown as AsyncIterable<Uint8Array>) : undefined,
      signal: request.signal,
      remoteAddress: connection?.remoteAddress,
    });
    return toResponse(answer);
  };
}
