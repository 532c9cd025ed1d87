import type { ServerResponse } from 'node:http';

/** An AbortSignal that fires when the response closes: the caller went away (or the answer was sent). */
export function responseClosedSignal(response: ServerResponse): AbortSignal {
  const closed = new AbortController();
  response.once('close', () => closed.abort());
  return closed.signal;
}
