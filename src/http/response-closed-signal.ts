import type { ServerResponse } from 'node:http';

/** An AbortSignal that fires when the response closes before it was sent: the caller went away. */
export function responseClosedSignal(response: ServerResponse): AbortSignal {
  return lazyResponseClosedSignal(response)();
}

/**
 * Like `responseClosedSignal`, but the AbortController (about 3 µs) is made only when the signal is first
 * asked for: a status poll or a job submission never asks. Adapters pass it as a getter:
 * `get signal() { return closedSignal(); }`. A caller who left before the first ask gets an aborted signal.
 */
export function lazyResponseClosedSignal(response: ServerResponse): () => AbortSignal {
  let controller: AbortController | undefined;
  let callerLeft = false;
  // After a normal finish nobody listens any more, and abort() costs a DOMException with a stack trace:
  // it was the largest per-request cost of a mounted status poll in `npm run bench`.
  response.once('close', () => {
    if (response.writableFinished) return;
    callerLeft = true;
    controller?.abort();
  });
  return () => {
    if (!controller) {
      controller = new AbortController();
      if (callerLeft) controller.abort();
    }
    return controller.signal;
  };
}
