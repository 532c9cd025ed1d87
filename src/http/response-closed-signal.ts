import type { ServerResponse } from 'node:http';

/** An AbortSignal that fires when the response closes before it was sent: the caller went away. */
export function responseClosedSignal(response: ServerResponse): AbortSignal {
  const closed = new AbortController();
  // After a normal finish nobody listens any more, and abort() costs a DOMException with a stack trace:
  // it was the largest per-request cost of a mounted status poll in `npm run bench`.
  response.once('close', () => {
    if (!response.writableFinished) closed.abort();
  });
  return closed.signal;
}
