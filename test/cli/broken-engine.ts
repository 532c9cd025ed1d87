import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, type RunningApp } from '../support/adapter-rows.js';

/** Faults a deliberately broken BYO engine can have; each should fail the checker by a named check. */
export type Fault = 'wrong-field-name' | 'wrong-segment-count' | 'no-auth' | 'missing-retry-after' | 'job-never-finishes';

export const BROKEN_TOKEN = 'broken-engine-token';
export const BROKEN_PREFIX = '/byo';

interface Segment {
  idx?: string;
  text: string;
}
interface TranslateBody {
  sourceLanguage: string;
  targetLanguage: string;
  segments: Segment[];
}

/**
 * A hand-written engine on node:http that follows the API except for the faults it is given. Without
 * faults it passes every check, so each fault's failures are its own.
 */
export async function startBrokenEngine(faults: readonly Fault[]): Promise<RunningApp> {
  const has = (fault: Fault) => faults.includes(fault);
  const jobs = new Map<string, TranslateBody>();
  let throttledOnce = false;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
  const translate = (request: TranslateBody) => {
    const segments = request.segments.map((segment) => {
      const translated = `<${request.targetLanguage}>${segment.text}`;
      return has('wrong-field-name')
        ? { idx: segment.idx, text: segment.text, translation: translated }
        : { idx: segment.idx, text: segment.text, translatedText: translated };
    });
    if (has('wrong-segment-count')) segments.pop();
    return { sourceLanguage: request.sourceLanguage, targetLanguage: request.targetLanguage, segments };
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').slice(BROKEN_PREFIX.length);
    if (!has('no-auth') && req.headers['x-api-token'] !== BROKEN_TOKEN) return send(res, 401, { error: 'Unauthorized' });
    if (path === '/status' && has('missing-retry-after') && !throttledOnce) {
      throttledOnce = true;
      return send(res, 429, { error: 'Too many requests' });
    }
    if (path === '/status') return send(res, 200, { status: 'ok' });
    if (path === '/languages') return send(res, 200, { languagePairs: [{ sourceLanguage: 'en', targetLanguage: 'de' }] });
    if (path === '/translate' || path === '/translateAsync') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as TranslateBody;
      if (!Array.isArray(body.segments) || body.segments.length === 0 || body.segments.length > 500) {
        return send(res, 400, { error: 'segments must hold 1 to 500 items' });
      }
      if (path === '/translate') return send(res, 200, translate(body));
      const id = randomUUID();
      jobs.set(id, body);
      return send(res, 200, { id });
    }
    const job = /^\/translateAsync(Status|Result)\/(.+)$/.exec(path);
    const request = job && jobs.get(decodeURIComponent(job[2]));
    if (!job || !request) return send(res, 404, { error: 'Not found' });
    if (job[1] === 'Status') return send(res, 200, { status: has('job-never-finishes') ? 'running' : 'done' });
    return has('job-never-finishes') ? send(res, 409, { error: 'still running' }) : send(res, 200, translate(request));
  }

  return listen(
    createServer((req, res) => {
      handle(req, res).catch(() => send(res, 500, { error: 'broken engine crashed' }));
    }),
  );
}
