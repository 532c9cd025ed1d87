import type { ServerResponse } from 'node:http';

/** An AbortSignal that fires when the response closes before it was sent: the caller went away. */
export function responseClosedSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (response.closed) {
    if (!response.writableFinished) controller.abort();
  } else {
    // After a normal finish nobody listens any more, and abort() costs a DOMException with a stack trace.
    response.once('close', () => {
      if (!response.writableFinished) controller.abort();
    });
  }
  return controller.signal;
}
