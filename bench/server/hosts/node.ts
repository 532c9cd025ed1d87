import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { byoNode } from '../../../adapters/node.js';
import type { ByoEngine } from '../../../src/index.js';
import { BARE_PREFIX, BareJobs, bareTranslate } from '../bare.js';
import { MOUNT_PREFIX, listenOnLoopback } from '../listen.js';
import { SAFE_BODY_LIMIT, SAFE_PREFIX, createSafeChecks } from '../safe.js';

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** Reads the body within `limit` bytes; `undefined` when it is larger (the route answers 413). */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const STATUS_PATH = `${BARE_PREFIX}/translateAsyncStatus/`;
const SAFE_STATUS_PATH = `${SAFE_PREFIX}/translateAsyncStatus/`;

/** Plain `node:http`, the ceiling: the engine behind a minimal mapping, and bare routes matched by hand. */
export async function startNode(engine: ByoEngine): Promise<number> {
  const jobs = new BareJobs();
  const bare = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url!;
    if (req.method === 'POST' && url === `${BARE_PREFIX}/translate`) return sendJson(res, 200, bareTranslate(await readJson(req)));
    if (req.method === 'POST' && url === `${BARE_PREFIX}/translateAsync`) return sendJson(res, 200, jobs.submit(await readJson(req)));
    if (req.method === 'GET' && url.startsWith(STATUS_PATH)) {
      const status = jobs.status(url.slice(STATUS_PATH.length));
      return status ? sendJson(res, 200, status) : sendJson(res, 404, { error: 'no such job' });
    }
    sendJson(res, 404, { error: 'not found' });
  };
  const checks = createSafeChecks(engine.document);
  const safeJobs = new BareJobs();
  /** A translate body: read within the limit, parsed, validated; `undefined` after answering an error. */
  const safeBody = async (req: IncomingMessage, res: ServerResponse): Promise<unknown> => {
    const bytes = await readLimited(req, SAFE_BODY_LIMIT);
    if (!bytes) return sendJson(res, 413, { error: 'body too large' });
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'invalid JSON' });
    }
    const problem = checks.translateBodyProblem(body);
    if (problem) return sendJson(res, 400, { error: problem });
    return body;
  };
  const safe = async (req: IncomingMessage, res: ServerResponse) => {
    if (!checks.tokenOk(req.headers['x-api-token'])) return sendJson(res, 401, { error: 'unauthorized' });
    const url = req.url!;
    if (req.method === 'POST' && url === `${SAFE_PREFIX}/translate`) {
      const body = await safeBody(req, res);
      if (body !== undefined) sendJson(res, 200, bareTranslate(body));
      return;
    }
    if (req.method === 'POST' && url === `${SAFE_PREFIX}/translateAsync`) {
      const body = await safeBody(req, res);
      if (body !== undefined) sendJson(res, 200, safeJobs.submit(body));
      return;
    }
    if (req.method === 'GET' && url.startsWith(SAFE_STATUS_PATH)) {
      const status = safeJobs.status(url.slice(SAFE_STATUS_PATH.length));
      return status ? sendJson(res, 200, status) : sendJson(res, 404, { error: 'no such job' });
    }
    sendJson(res, 404, { error: 'not found' });
  };
  const mounted = byoNode(engine, { prefix: MOUNT_PREFIX });
  const server = createServer((req, res) => {
    if (req.url!.startsWith(`${MOUNT_PREFIX}/`)) mounted(req, res);
    else if (req.url!.startsWith(`${SAFE_PREFIX}/`)) safe(req, res).catch(() => sendJson(res, 400, { error: 'bad request' }));
    else bare(req, res).catch(() => sendJson(res, 400, { error: 'bad request' }));
  });
  return listenOnLoopback(server);
}
