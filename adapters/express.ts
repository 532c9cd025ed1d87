import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { EngineResponse } from '../src/index.js';
import { answerAtOnce, assertEngine, isPromiseLike, nodeEngineRequest, nodeRequestBody, type ByoEngine } from '../src/index.js';

function send(res: Response, answer: EngineResponse): void {
  res.status(answer.status).set(answer.headers).end(answer.body);
}

/**
 * Express middleware for `app.use('/prefix', byoExpress(engine))`. Works on Express 4 and 5, with or
 * without `express.json()` before it. It answers every request under its mount point.
 */
export function byoExpress(engine: ByoEngine): RequestHandler {
  assertEngine(engine, "app.use('/byo', byoExpress(engine))");
  return (req: Request, res: Response, next: NextFunction) => {
    const request = nodeEngineRequest(
      {
        method: req.method,
        path: req.url,
        headers: req.headers,
        body: nodeRequestBody(req, req.body),
        remoteAddress: () => req.ip ?? req.socket.remoteAddress,
      },
      res,
    );
    const answer = answerAtOnce(engine, request);
    if (!isPromiseLike(answer)) return send(res, answer);
    answer.then((settled) => send(res, settled)).catch(next);
  };
}
