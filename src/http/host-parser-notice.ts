import type { Logger } from '../logger.js';
import type { EngineRequest, EngineRequestBody } from './engine-request.js';

/** Bodies a host's parser read before the engine (marked by `nodeRequestBody`, for the adapters over node:http). */
const readByHost = new WeakSet<EngineRequestBody>();

/** Marks a body as read by a host parser before the engine; returns it. */
export function markReadByHost(body: EngineRequestBody): EngineRequestBody {
  readByHost.add(body);
  return body;
}

/**
 * Warns once, at the first request whose body a host parser read before the engine: that parser's size
 * limit applies first, and what it refuses (413, or its own error page) never reaches the engine or its log.
 */
export function hostParserNotice(logger: Logger, maxBodyBytes: number): (request: EngineRequest) => void {
  let noticed = false;
  return (request) => {
    if (noticed || request.body === undefined || !readByHost.has(request.body)) return;
    noticed = true;
    logger.warn(
      { maxBodyBytes },
      'a body parser of the host (express.json(), koa-bodyparser...) read the request body before byo-engine: bodies over ' +
        'its limit (100 kB by default for express.json()) are refused before byo-engine sees them, and this log never shows ' +
        'them. Phrase sends up to 500 segments at once: mount byo-engine before the parser, or raise its limit to ' +
        `limits.maxBodyBytes (${maxBodyBytes} bytes); npx byo-engine check shows whether large requests get through`,
    );
  };
}
