// A real pino logger, passed as `logger` as it is: per-request and per-job child lines carry the ids, and a
// caller that goes away mid-body is a `debug` line, never an `error`.
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { adapterRows } from '../support/adapter-rows.js';
import { API_TOKEN, AUTH_HEADERS, testEngine, translateBody } from '../support/test-engine.js';

interface Line {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger at `debug` that keeps its JSON lines in memory. */
function pinoInMemory(): { logger: pino.Logger; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

const PINO_ERROR = 50;
const PINO_DEBUG = 20;

/** Sends headers announcing `announced` bytes, `sent` of them, then closes the socket; resolves once closed. */
function cutShort(origin: string, path: string, announced: number, sent: string): Promise<void> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\nx-api-token: ${API_TOKEN}\r\n` +
          `content-length: ${announced}\r\n\r\n${sent}`,
        () => setTimeout(() => socket.destroy(), 50),
      );
    });
    socket.on('close', () => resolve());
    socket.on('error', () => {});
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
}

for (const row of adapterRows) {
  describe(`pino logger, ${row.name}`, () => {
    it('a body cut short by a caller that leaves is logged at debug, not error', async () => {
      const { logger, lines } = pinoInMemory();
      const app = await row.start(testEngine({ logger }), { prefix: '/byo', hostBodyParser: false });
      try {
        await cutShort(app.origin, '/byo/translate', 10_000, '{"sourceLanguage":"en","segm');
        await until(() => lines.length > 0);
        expect(lines.filter((line) => line.level >= PINO_ERROR)).toEqual([]);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines)
          expect(line).toMatchObject({ level: PINO_DEBUG, msg: 'the caller went away before its request was read' });
      } finally {
        await app.close();
      }
    });
  });
}

describe('pino logger, child loggers', () => {
  it('a failing translation logs through a per-request child carrying the operation, principal and Phrase ids', async () => {
    const { logger, lines } = pinoInMemory();
    const engine = testEngine({
      logger,
      translate: () => {
        throw new Error('backend down');
      },
    });
    const response = await engine.handle({
      method: 'POST',
      path: '/translate',
      headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
      body: { kind: 'parsed', value: translateBody(1, { metadata: { project_uid: 'P1', job_uid: 'J1', idm_organization_uid: 'O1' } }) },
    });
    expect(response.status).toBe(500);
    const line = lines.find((entry) => entry.msg === 'translator failed');
    expect(line).toMatchObject({ level: 40, operation: 'translateTexts', principal: 'phrase', project_uid: 'P1', job_uid: 'J1' });
    expect(line?.idm_organization_uid).toBe('O1');
  });

  it('a failing job logs through a per-job child carrying the job id and the Phrase ids', async () => {
    const { logger, lines } = pinoInMemory();
    const engine = testEngine({
      logger,
      translate: () => {
        throw new Error('backend down');
      },
    });
    const response = await engine.handle({
      method: 'POST',
      path: '/translateAsync',
      headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
      body: { kind: 'parsed', value: translateBody(1, { metadata: { project_uid: 'P2' } }) },
    });
    const { id } = JSON.parse(response.body) as { id: string };
    await until(() => lines.some((entry) => entry.msg === 'translator failed'));
    const line = lines.find((entry) => entry.msg === 'translator failed');
    expect(line).toMatchObject({ level: 40, jobId: id, principal: 'phrase', project_uid: 'P2' });
    await engine.close();
  });
});
