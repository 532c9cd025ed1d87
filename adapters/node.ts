import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerAtOnce,
  assertEngine,
  isPromiseLike,
  errorResponse,
  nodeRequestBody,
  normalizeMountPath,
  pathBelowMount,
  nodeEngineRequest,
  type ByoEngine,
  type EngineResponse,
} from '../src/index.js';

/** Options of `byoNode`. */
export interface ByoNodeOptions {
  /**
   * Where the API lives in `req.url` (`/byo`, `/api/v1/byo`). Default: the root. Behind a Connect-style
   * `app.use('/byo', ...)`, which strips its mount from `req.url`, leave it out.
   */
  prefix?: string;
}

/**
 * A `node:http` / `node:https` request listener that is also a Connect-style middleware: `next` (when
 * given) receives requests outside the prefix and errors; without it they are answered with JSON.
 */
export type ByoNodeListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

function send(res: ServerResponse, answer: EngineResponse): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/**
 * For plain Node servers: `http.createServer(byoNode(engine, { prefix: '/byo' }))`, or as a middleware
 * in anything that hands out `(req, res, next)` (Connect, Polka, a hand-written router). A body parser
 * before it (`req.body` set) is taken into account, as in the Express adapter.
 */
export function byoNode(engine: ByoEngine, options: ByoNodeOptions = {}): ByoNodeListener {
  assertEngine(engine, "http.createServer(byoNode(engine, { prefix: '/byo' }))");
  const mountPath = normalizeMountPath(options.prefix);
  return (req, res, next) => {
    const url = req.url ?? '/';
    const path = pathBelowMount(url, mountPath);
    if (path === undefined) {
      if (next) next();
      else send(res, errorResponse(404, `No such endpoint: ${req.method} ${url.split('?')[0]}`));
      return;
    }
    const request = nodeEngineRequest(
      {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: nodeRequestBody(req, (req as { body?: unknown }).body),
        remoteAddress: () => req.socket.remoteAddress,
      },
      res,
    );
    const answer = answerAtOnce(engine, request);
    if (!isPromiseLike(answer)) return send(res, answer);
    answer.then(
      (settled) => send(res, settled),
      (error: unknown) => {
        if (next) next(error);
        else if (!res.headersSent) send(res, errorResponse(500, 'Internal server error'));
        else res.destroy();
      },
    );
  };
}
