import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { byoFastify } from '../../../adapters/fastify.js';
import type { ByoEngine } from '../../../src/index.js';
import { BARE_PREFIX, BareJobs, bareTranslate } from '../bare.js';
import { MOUNT_PREFIX } from '../listen.js';
import { SAFE_BODY_LIMIT, SAFE_PREFIX, createSafeChecks } from '../safe.js';

/** Fastify 5: the engine registered as a plugin, and hand-written routes on Fastify's own JSON parser. */
export async function startFastify(engine: ByoEngine): Promise<number> {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  const jobs = new BareJobs();
  await app.register(byoFastify, { engine, prefix: MOUNT_PREFIX });
  app.post(`${BARE_PREFIX}/translate`, async (request) => bareTranslate(request.body));
  app.post(`${BARE_PREFIX}/translateAsync`, async (request) => jobs.submit(request.body));
  app.get<{ Params: { id: string } }>(`${BARE_PREFIX}/translateAsyncStatus/:id`, async (request, reply) => {
    const status = jobs.status(request.params.id);
    return status ?? reply.code(404).send({ error: 'no such job' });
  });
  const checks = createSafeChecks(engine.document);
  const safeJobs = new BareJobs();
  await app.register(
    async (safe) => {
      safe.addHook('onRequest', async (request, reply) => {
        if (!checks.tokenOk(request.headers['x-api-token'])) return reply.code(401).send({ error: 'unauthorized' });
      });
      const validTranslate = async (request: FastifyRequest, reply: FastifyReply) => {
        const problem = checks.translateBodyProblem(request.body);
        if (problem) return reply.code(400).send({ error: problem });
      };
      safe.post('/translate', { preHandler: validTranslate, bodyLimit: SAFE_BODY_LIMIT }, async (request) => bareTranslate(request.body));
      safe.post('/translateAsync', { preHandler: validTranslate, bodyLimit: SAFE_BODY_LIMIT }, async (request) =>
        safeJobs.submit(request.body),
      );
      safe.get<{ Params: { id: string } }>('/translateAsyncStatus/:id', async (request, reply) => {
        const status = safeJobs.status(request.params.id);
        return status ?? reply.code(404).send({ error: 'no such job' });
      });
    },
    { prefix: SAFE_PREFIX },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}
