import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ByoEngine } from '../../../src/index.js';
import { BARE_PREFIX, BareJobs, bareTranslate } from '../bare.js';
import { MOUNT_PREFIX, listenOnLoopback } from '../listen.js';
import { handleMounted } from '../node-mount.js';

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

const STATUS_PATH = `${BARE_PREFIX}/translateAsyncStatus/`;

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
  const server = createServer((req, res) => {
    if (req.url!.startsWith(`${MOUNT_PREFIX}/`)) handleMounted(engine, MOUNT_PREFIX, req, res);
    else bare(req, res).catch(() => sendJson(res, 400, { error: 'bad request' }));
  });
  return listenOnLoopback(server);
}
