import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeEngineRequest, nodeRequestBody, type ByoEngine } from '../../src/index.js';

/** The engine on plain `node:http`, mapped the way the Express adapter maps it (the ceiling for adapters). */
export function handleMounted(engine: ByoEngine, prefix: string, req: IncomingMessage, res: ServerResponse): void {
  const request = nodeEngineRequest(
    { method: req.method ?? 'GET', path: req.url!.slice(prefix.length), headers: req.headers, body: nodeRequestBody(req, undefined) },
    res,
  );
  void engine.handle(request).then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body));
}
