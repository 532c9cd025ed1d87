import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  StreamBody,
  answerAtOnce,
  assertEngine,
  isPromiseLike,
  nodeEngineRequest,
  nodeRequestBody,
  pathBelowMount,
  type ByoEngine,
  type EngineResponse,
} from '../src/index.js';

/** Options of the `byoFastify` plugin, passed to `app.register`. */
export interface ByoFastifyOptions {
  engine: ByoEngine;
}

/**
 * A Fastify plugin (Fastify 4 and 5): `app.register(byoFastify, { engine, prefix: '/byo' })`.
 * Encapsulated on purpose (no fastify-plugin): the content-type parser and error handler below apply to
 * the engine's routes only, never to the host's.
 */
export async function byoFastify(instance: FastifyInstance, { engine }: ByoFastifyOptions): Promise<void> {
  assertEngine(engine, "await app.register(byoFastify, { engine, prefix: '/byo' })");
  const mountPath = instance.prefix;

  /** Sets the status and headers and answers the body, which Fastify sends (its onSend hooks included). */
  function replyWith(reply: FastifyReply, response: EngineResponse): string {
    reply.code(response.status).headers(response.headers);
    return response.body;
  }

  /**
   * Sends the answer at once when the engine has it (answering nothing, as a handler that sent its reply does),
   * else resolves with the body for Fastify to send.
   */
  function answer(request: FastifyRequest, reply: FastifyReply): Promise<string> | undefined {
    // The parser below hands over the unread payload stream, so the engine applies its own size limit.
    const payload = request.body as AsyncIterable<Uint8Array> | undefined;
    const engineRequest = nodeEngineRequest(
      {
        method: request.method,
        path: pathBelowMount(request.url, mountPath) ?? request.url.slice(mountPath.length),
        headers: request.headers,
        body: payload ? new StreamBody(payload) : nodeRequestBody(request.raw, undefined),
        remoteAddress: () => request.ip,
      },
      reply.raw,
    );
    const response = answerAtOnce(engine, engineRequest);
    if (isPromiseLike(response)) return response.then((settled) => replyWith(reply, settled));
    reply.send(replyWith(reply, response));
    return undefined;
  }

  // Replaces the parsers inherited from the host (in this context only) by one that reads nothing. Named for JSON
  // too: Fastify caches the parser it finds for a Content-Type, but not its catch-all, which it would look up
  // again (parsing the header) on every request. It hands the payload over one microtask later: Node buffers a
  // body that came with the headers right after the request event, so the engine then finds it there and answers
  // at once, without a promise chain through the engine, this adapter and Fastify (about 4% of a /translate).
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser(['application/json', '*'], (_request, payload, done) => queueMicrotask(() => done(null, payload)));
  // Fastify 5 refuses a malformed Content-Type before any parser; the engine answers it as it answers
  // every other request. Other errors (a host hook rejecting, say) go on to the host's error handler.
  instance.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.code !== 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw error;
    return answer(request, reply);
  });
  instance.all('/', answer);
  instance.all('/*', answer);
}
