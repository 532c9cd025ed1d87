import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequestBody, responseClosedSignal, type ByoEngine } from '../../src/index.js';

/** The engine on plain `node:http`, mapped the way the Express adapter maps it (the ceiling for adapters). */
export function handleMounted(engine: ByoEngine, prefix: string, req: IncomingMessage, res: ServerResponse): void {
  void engine
    .handle({
      method: req.method ?? 'GET',
      path: req.url!.slice(prefix.length),
      headers: req.headers,
      body: nodeRequestBody(req, undefined),
      signal: responseClosedSignal(res),
    })
    .then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body));
}
