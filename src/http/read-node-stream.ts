import { concatBytes } from '../runtime/bytes.js';

/** The part of a Node `Readable` (an `IncomingMessage`) read through its events. */
export interface NodeReadable {
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  readonly readableEnded: boolean;
  resume?(): unknown;
}

/** How reading a Node body ended: the bytes, or why not. `drained`: the rest of a too-large body was read and dropped. */
export type NodeBodyOutcome =
  | { readonly kind: 'read'; readonly bytes: Uint8Array }
  | { readonly kind: 'too-large'; readonly drained: boolean }
  | { readonly kind: 'stalled' };

/** Whether `stream` is a Node stream that can be read through its events (cheaper than its async iterator). */
export function isNodeReadable(stream: unknown): stream is NodeReadable {
  const candidate = stream as Partial<NodeReadable> | null;
  return (
    typeof candidate?.on === 'function' && typeof candidate.removeListener === 'function' && typeof candidate.readableEnded === 'boolean'
  );
}

/** What a Node stream says when the caller closed the connection before the body ended. */
function prematureClose(): Error {
  return Object.assign(new Error('aborted'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Reads a Node body through `data`/`end` events: one listener set and one idle timer per body, where the async
 * iterator costs a generator, a promise per chunk and a race with the timer. Past `limitBytes` the rest is read
 * and dropped up to `maxDrainBytes` (so the keep-alive connection stays usable); no data for `idleMs` stops it.
 * A stream error (the caller went away) rejects with that error.
 */
export function readNodeStream(stream: NodeReadable, limitBytes: number, idleMs: number, maxDrainBytes: number): Promise<NodeBodyOutcome> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let dropped = -1; // bytes dropped past the limit; -1 while under it
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      stream.removeListener('close', onClose);
      settle();
    };
    const onData = (chunk: Uint8Array) => {
      timer.refresh();
      if (dropped >= 0) {
        dropped += chunk.byteLength;
        if (dropped > maxDrainBytes) finish(() => resolve({ kind: 'too-large', drained: false }));
        return;
      }
      size += chunk.byteLength;
      if (size > limitBytes) dropped = 0;
      else chunks.push(chunk);
    };
    const onEnd = () =>
      finish(() =>
        resolve(
          dropped >= 0
            ? { kind: 'too-large', drained: true }
            : { kind: 'read', bytes: chunks.length === 1 ? chunks[0] : concatBytes(chunks, size) },
        ),
      );
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(prematureClose()));
    const timer = setTimeout(() => finish(() => resolve({ kind: 'stalled' })), idleMs);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
    stream.resume?.(); // a stream someone paused does not flow by itself
  });
}
