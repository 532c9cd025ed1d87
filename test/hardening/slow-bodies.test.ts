// Slowloris on every adapter row, over a raw socket the test controls byte by byte. Was: the engine read and
// dropped the whole unread body before answering 401/404/405, and had no body-read deadline, so a body that
// never ended never got its 401 and held its connection. Now: a refusal that needs no body answers at once
// and closes the connection; a body that stalls is cut after limits.bodyIdleTimeoutMs with a 408.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { adapterRows, mountForBlock } from '../support/adapter-rows.js';
import { API_TOKEN, testEngine } from '../support/test-engine.js';

const IDLE_MS = 300;
/** Longer than the guard of `sendNeverEnding`: an answer within the guard did not wait for this deadline. */
const LONG_IDLE_MS = 60_000;

interface RawExchange {
  /** Everything the server sent until it closed the connection. */
  text: string;
}

/**
 * Sends the head and the first part of a body that never completes, then waits for the server to answer
 * and close. The guard only turns a hang into a failure; nothing here waits for a clock to pass.
 */
function sendNeverEnding(origin: string, head: string, firstPart: string, guardMs = 10_000): Promise<RawExchange> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    let text = '';
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer and close within ${guardMs} ms; got: ${JSON.stringify(text.slice(0, 200))}`));
    }, guardMs);
    socket.on('connect', () => socket.write(head + firstPart));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => {}); // a reset after the answer still ends the exchange below
    socket.on('close', () => {
      clearTimeout(guard);
      resolve({ text });
    });
  });
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
const bodyOf = (text: string) => text.slice(text.indexOf('\r\n\r\n') + 4);

for (const row of adapterRows) {
  describe(`slow and never-ending bodies ${row.name}`, () => {
    const mounted = mountForBlock(row, () => testEngine({ limits: { bodyIdleTimeoutMs: IDLE_MS } }), {
      prefix: '/byo',
      hostBodyParser: false,
    });
    const patient = mountForBlock(row, () => testEngine({ limits: { bodyIdleTimeoutMs: LONG_IDLE_MS } }), {
      prefix: '/byo',
      hostBodyParser: false,
    });
    const host = () => new URL(mounted.app.origin).host; // both apps listen on 127.0.0.1

    it('answers an unauthenticated chunked body that never ends with 401 at once, and closes the connection', async () => {
      const head = `POST /byo/translate HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
      const exchange = await sendNeverEnding(patient.app.origin, head, '5\r\n{"seg\r\n');
      expect(statusOf(exchange.text), exchange.text.slice(0, 300)).toBe(401);
      expect(
        JSON.parse(
          bodyOf(exchange.text)
            .split('\r\n')
            .find((line) => line.startsWith('{')) ?? bodyOf(exchange.text),
        ),
      ).toEqual({
        error: 'Unauthorized: send an X-Api-Token header',
      });
      expect(exchange.text.toLowerCase()).toContain('connection: close');
    });

    it('answers an unauthenticated body declaring 1 GB with 401 at once, and closes the connection', async () => {
      const head = `POST /byo/translate HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n`;
      const exchange = await sendNeverEnding(patient.app.origin, head, '{"segments":[');
      expect(statusOf(exchange.text), exchange.text.slice(0, 300)).toBe(401);
      expect(exchange.text.toLowerCase()).toContain('connection: close');
    });

    it('cuts an authenticated body that stalls with 408 after limits.bodyIdleTimeoutMs, and closes the connection', async () => {
      const head =
        `POST /byo/translate HTTP/1.1\r\nHost: ${host()}\r\nX-Api-Token: ${API_TOKEN}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
      const started = Date.now();
      const exchange = await sendNeverEnding(mounted.app.origin, head, '{"sourceLanguage":"en",');
      expect(statusOf(exchange.text), exchange.text.slice(0, 300)).toBe(408);
      expect(bodyOf(exchange.text)).toContain(`"error":"Request body stalled: no data arrived for ${IDLE_MS} ms"`);
      expect(exchange.text.toLowerCase()).toContain('connection: close');
      expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 20);
    });

    it('cuts a stalled chunked body too, and serves the next connection', async () => {
      const head =
        `POST /byo/translateAsync HTTP/1.1\r\nHost: ${host()}\r\nX-Api-Token: ${API_TOKEN}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
      const exchange = await sendNeverEnding(mounted.app.origin, head, '3\r\n{"s\r\n');
      expect(statusOf(exchange.text), exchange.text.slice(0, 300)).toBe(408);
      const next = await fetch(`${mounted.base}/languages`, { method: 'POST', headers: { 'x-api-token': API_TOKEN } });
      expect(next.status).toBe(200);
    });
  });
}
