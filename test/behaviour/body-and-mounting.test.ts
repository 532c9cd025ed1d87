// How the engine sits in a host app: routes outside the prefix, body parsed by the host or not, streams.
import { expect, it } from 'vitest';
import type { TranslateFunction } from 'byo-engine';
import { expectErrorBody } from '../support/schema-check.js';
import { API_TOKEN, recordingTranslator, translateBody } from '../support/test-engine.js';
import { Counter, describeEachHost } from './harness.js';

/** A request body sent in chunks, without Content-Length. */
function chunked(text: string, chunkSize = 256): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, (offset += chunkSize)));
    },
  });
}

describeEachHost('body handling and mounting', (host) => {
  it('leaves the host its own routes: GET /host/hello is answered by the host', async () => {
    const api = await host.start();
    const response = await fetch(`${api.origin}/host/hello`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ host: host.row.name });
  });

  it('does not answer outside its prefix', async () => {
    const api = await host.start();
    for (const path of ['/translate', `${host.setup.prefix}x/translate`, '/nothing/here']) {
      const response = await fetch(`${api.origin}${path}`, { method: 'POST' });
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('No such endpoint');
    }
  });

  it('answers at the prefix and ignores a query string', async () => {
    const api = await host.start();
    const answer = await api.call<{ segments: unknown[] }>('translateTexts', { json: translateBody(2), query: 'trace=1&x=%20' });
    expect(answer.status).toBe(200);
    expect(answer.body.segments).toHaveLength(2);
    const id = crypto.randomUUID();
    const status = await api.call<{ error: string }>('translateAsyncStatus', { id, query: 'x=1' });
    expect(status.status).toBe(404);
    expect(status.body.error).toContain(`Job ${id} was not found`);
    const unknown = await api.request('GET', '/nope?x=1');
    expect(unknown.body).toEqual({ error: 'No such endpoint: GET /nope' });
  });

  it('accepts JSON media types with parameters, any case, and +json types', async () => {
    const api = await host.start();
    for (const contentType of ['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.phrase+json']) {
      const answer = await api.call('translateTexts', { raw: JSON.stringify(translateBody(1)), contentType });
      expect(answer.status, `${contentType}: ${JSON.stringify(answer.body)}`).toBe(200);
    }
  });

  it('treats an empty optional body as none on /languages and /status', async () => {
    const api = await host.start();
    // A host body parser may refuse an empty JSON body itself; without one the engine reads it.
    const empty = host.setup.hostBodyParser ? [] : [{ raw: '', contentType: 'application/json' }];
    for (const options of [{}, ...empty]) {
      expect((await api.call('getStatus', options)).status).toBe(200);
      expect((await api.call('getLanguages', options)).status).toBe(200);
    }
  });

  it('reads a chunked body without Content-Length', async () => {
    const recorder = recordingTranslator();
    const api = await host.start({ translate: recorder.translate });
    const body = translateBody(40);
    const answer = await api.call('translateTexts', { raw: chunked(JSON.stringify(body)), contentType: 'application/json' });
    expect(answer.status).toBe(200);
    expect(recorder.calls).toEqual([body]);
  });

  if (!host.setup.hostBodyParser) {
    // With a host body parser, the host reads (and may refuse) the body before the engine sees it.
    it('413 for a chunked body over the limit, read by the engine', async () => {
      const recorder = recordingTranslator();
      const api = await host.start({ translate: recorder.translate, limits: { maxBodyBytes: 4096 } });
      const body = JSON.stringify(translateBody(1, { segments: [{ text: 'y'.repeat(10_000) }] }));
      const answer = await api.error('translateTexts', 413, { raw: chunked(body), contentType: 'application/json' });
      expect(answer.body.error).toBe('Request body is larger than the limit of 4096 bytes');
      expect(recorder.calls).toHaveLength(0);
    });

    it('400 for malformed JSON and for bytes that are not UTF-8', async () => {
      const api = await host.start();
      const malformed = await api.error('translateTexts', 400, { raw: '{"sourceLanguage": "en",', contentType: 'application/json' });
      expect(malformed.body.error).toMatch(/^Request body is not valid JSON: /);
      const latin1 = await api.error('translateTexts', 400, {
        raw: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
        contentType: 'application/json',
      });
      expect(latin1.body.error).toBe('Request body is not valid UTF-8');
    });
  } else {
    it('400 for malformed JSON (answered by the host or the engine)', async () => {
      const api = await host.start();
      // The host's own answer: its body is the host's format, not the engine's.
      const answer = await api.request('POST', '/translate', { raw: '{"sourceLanguage": "en",', contentType: 'application/json' });
      expect(answer.status).toBe(400);
    });
  }

  it('aborts the translator of a synchronous request when the caller goes away', async () => {
    const entered = new Counter();
    const aborted = new Counter();
    const translate: TranslateFunction = (request, context) =>
      new Promise((_, reject) => {
        context.signal.addEventListener('abort', () => {
          aborted.increment();
          reject(new Error('aborted'));
        });
        entered.increment();
      });
    const api = await host.start({ translate });
    const caller = new AbortController();
    const gone = fetch(`${api.origin}${api.prefix}/translate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-token': API_TOKEN },
      body: JSON.stringify(translateBody(1)),
      signal: caller.signal,
    }).catch((error: unknown) => error);
    await entered.reached(1);
    caller.abort();
    expect(await gone).toBeInstanceOf(Error);
    await aborted.reached(1);
    expect(aborted.count).toBe(1);
  });

  it('every error answer is JSON { error } with no other field', async () => {
    const api = await host.start();
    const answers = [
      await api.request('GET', '/nope'),
      await api.request('GET', '/translate'),
      await api.request('POST', '/translate', { token: null }),
      await api.request('POST', '/translate', { raw: 'x', contentType: 'text/plain' }),
    ];
    for (const answer of answers) {
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expectErrorBody(answer.body);
    }
  });
});
