import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { nodeRequestBody, responseClosedSignal, type ByoEngine } from '../src/index.js';

/**
 * Express middleware for `app.use('/prefix', byoExpress(engine))`. Works on Express 4 and 5, with or
 * without `express.json()` before it. It answers every request under its mount point.
 */
export function byoExpress(engine: ByoEngine): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    engine
      .handle({
        method: req.method,
        path: req.url,
        headers: req.headers,
        body: nodeRequestBody(req, req.body),
        signal: responseClosedSignal(res),
        remoteAddress: req.ip ?? req.socket.remoteAddress,
      })
      .then((answer) => res.status(answer.status).set(answer.headers).end(answer.body))
      .catch(next);
  };
}
