import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequestBody, lazyResponseClosedSignal, type ByoEngine } from '../../src/index.js';

/** The engine on plain `node:http`, mapped the way the Express adapter maps it (the ceiling for adapters). */
export function handleMounted(engine: ByoEngine, prefix: string, req: IncomingMessage, res: ServerResponse): void {
  const closedSignal = lazyResponseClosedSignal(res);
  void engine
    .handle({
      method: req.method ?? 'GET',
      path: req.url!.slice(prefix.length),
      headers: req.headers,
      body: nodeRequestBody(req, undefined),
      get signal() {
        return closedSignal();
      },
    })
    .then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body));
}
