// A bare HTTP/1.1 client over node:http, so that tests control every byte: any method, repeated headers,
// no Content-Type at all, invalid UTF-8, chunked or fixed-length bodies. Fails loudly on a hang or a reset.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  /** Full path from the origin, query string included; must already be percent-encoded. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: Uint8Array;
  /** Send the body chunked, without Content-Length. */
  chunked?: boolean;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

/** Sends one request; rejects with `NoAnswerError` when no complete answer arrives within `timeoutMs` or the connection fails. */
export function sendRaw(origin: string, raw: RawRequest, options: { timeoutMs: number; agent?: Agent }): Promise<RawAnswer> {
  const url = new URL(origin);
  return new Promise<RawAnswer>((resolve, reject) => {
    let answered = false;
    const timer = setTimeout(() => {
      outgoing.destroy();
      reject(new NoAnswerError(`no answer within ${options.timeoutMs} ms to ${raw.method} ${raw.path.slice(0, 120)}`));
    }, options.timeoutMs);
    const headers: Record<string, string | string[]> = { ...raw.headers };
    // Node's client frames GET/DELETE/OPTIONS bodies only when told: say it, or the bytes would read as the next request.
    if (raw.body) headers[raw.chunked ? 'transfer-encoding' : 'content-length'] = raw.chunked ? 'chunked' : String(raw.body.byteLength);
    const outgoing = request(
      { host: url.hostname, port: url.port, method: raw.method, path: raw.path, headers, agent: options.agent ?? false },
      (incoming) => {
        answered = true;
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => {
          clearTimeout(timer);
          reject(new NoAnswerError(`answer to ${raw.method} ${raw.path.slice(0, 120)} broke off: ${error.message}`));
        });
        incoming.on('end', () => {
          clearTimeout(timer);
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    outgoing.on('error', (error) => {
      // A server may answer (413, 415...) before it has read a large body, then close: the answer counts.
      if (answered) return;
      clearTimeout(timer);
      reject(
        new NoAnswerError(`${raw.method} ${raw.path.slice(0, 120)} failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`),
      );
    });
    if (raw.body) outgoing.end(raw.body);
    else outgoing.end();
  });
}
