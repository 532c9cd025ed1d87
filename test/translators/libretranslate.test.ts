import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHttpError, EngineNetworkError, withRetry } from 'byo-engine/translators';
import { LIBRETRANSLATE_LOCALES, libreTranslateTranslator } from 'byo-engine/translators/libretranslate';
import { recordingSleep, requestOf, startFakeEngine, testContext, type FakeAnswer, type FakeEngine } from './fake-engine.js';

interface LibreBody {
  q: string | string[];
  source: string;
  target: string;
  format?: string;
  api_key?: string;
}

const API_KEY = 'libre-key-0123456789';
// The codes a LibreTranslate 1.6 server lists at GET /languages (a subset).
const LANGUAGES = new Set(['en', 'de', 'fr', 'pt', 'pb', 'zh', 'zt', 'nb']);

/** Answers as LibreTranslate's POST /translate does, with its error bodies `{ "error": "..." }`. */
function libreTranslate(call: { path: string; body: LibreBody }, faults: string[]): FakeAnswer {
  const fault = faults.shift();
  if (fault === '429') return { status: 429, headers: { 'retry-after': '2' }, body: { error: 'Slowdown: 30 per 1 minute' } };
  if (fault === '500') return { status: 500, body: { error: 'Cannot translate text: model crashed' } };
  if (call.path !== '/translate') return { status: 404, body: { error: 'Not Found' } };
  const { q, source, target, api_key } = call.body;
  if (api_key !== API_KEY) return { status: 403, body: { error: `Invalid API key ${api_key ?? ''}` } };
  if (!LANGUAGES.has(source)) return { status: 400, body: { error: `${source} is not supported` } };
  if (!LANGUAGES.has(target)) return { status: 400, body: { error: `${target} is not supported` } };
  const translate = (text: string) => `${target}(${text})`;
  return { body: { translatedText: Array.isArray(q) ? q.map(translate) : translate(q) } };
}

describe('libreTranslateTranslator', () => {
  let server: FakeEngine<LibreBody>;
  const faults: string[] = [];
  beforeAll(async () => {
    server = await startFakeEngine<LibreBody>((call) => libreTranslate(call, faults));
  });
  afterAll(() => server.close());

  it('sends all segments in q and answers in order', async () => {
    const translate = libreTranslateTranslator({ baseUrl: server.url, apiKey: API_KEY });
    const before = server.calls.length;
    expect(await translate(requestOf(['one', 'two', 'three']), testContext())).toEqual(['de(one)', 'de(two)', 'de(three)']);
    expect(server.calls.length - before).toBe(1);
    expect(server.calls.at(-1)?.body).toEqual({ q: ['one', 'two', 'three'], source: 'en', target: 'de', format: 'text', api_key: API_KEY });
  });

  it('maps Phrase codes to LibreTranslate codes, with overrides', async () => {
    const translate = libreTranslateTranslator({ baseUrl: `${server.url}/`, apiKey: API_KEY, locales: { fr_ca: 'fr' } });
    await translate(requestOf(['x'], { sourceLanguage: 'en_us', targetLanguage: 'pt_br' }), testContext());
    expect(server.calls.at(-1)?.body).toMatchObject({ source: 'en', target: 'pb' });
    await translate(requestOf(['x'], { sourceLanguage: 'zh_tw', targetLanguage: 'fr_ca' }), testContext());
    expect(server.calls.at(-1)?.body).toMatchObject({ source: 'zt', target: 'fr' });
    expect(LIBRETRANSLATE_LOCALES.zh_tw).toBe('zt');
  });

  it("reports LibreTranslate's 400 with its message", async () => {
    const translate = libreTranslateTranslator({ baseUrl: server.url, apiKey: API_KEY });
    const error = await Promise.resolve(translate(requestOf(['x'], { targetLanguage: 'xx' }), testContext())).catch(
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(EngineHttpError);
    expect(error).toMatchObject({ status: 400, message: 'LibreTranslate answered HTTP 400: xx is not supported' });
  });

  it('reports a rejected key without echoing it', async () => {
    const wrongKey = 'wrong-key-secret-42';
    const translate = libreTranslateTranslator({ baseUrl: server.url, apiKey: wrongKey });
    const error = (await Promise.resolve(translate(requestOf(['x']), testContext())).catch(
      (failure: unknown) => failure,
    )) as EngineHttpError;
    expect(error.status).toBe(403);
    expect(error.message).toBe('LibreTranslate rejected the credentials (HTTP 403): check the API key');
    expect(error.message).not.toContain(wrongKey);
  });

  it('retries a 429 after the Retry-After and a 500 with withRetry', async () => {
    const { sleep, delays } = recordingSleep();
    const translate = withRetry(libreTranslateTranslator({ baseUrl: server.url, apiKey: API_KEY }), { backoff: () => 5, sleep });
    faults.push('429', '500');
    const before = server.calls.length;
    expect(await translate(requestOf(['again']), testContext())).toEqual(['de(again)']);
    expect(server.calls.length - before).toBe(3);
    expect(delays).toEqual([2000, 5]);
  });

  it('reports a 429 clearly when retries run out', async () => {
    const translate = withRetry(libreTranslateTranslator({ baseUrl: server.url, apiKey: API_KEY }), {
      retries: 1,
      sleep: recordingSleep().sleep,
    });
    faults.push('429', '429');
    await expect(translate(requestOf(['x']), testContext())).rejects.toThrow(
      'LibreTranslate is rate limiting requests (HTTP 429): Slowdown: 30 per 1 minute (gave up after 2 attempts: no retries left)',
    );
  });

  it('reports an unreachable server as a network error', async () => {
    const gone = await startFakeEngine(() => ({}));
    await gone.close();
    const translate = libreTranslateTranslator({ baseUrl: gone.url, apiKey: API_KEY });
    const error = await Promise.resolve(translate(requestOf(['x']), testContext())).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(EngineNetworkError);
    expect((error as Error).message).toBe(`could not reach LibreTranslate at ${gone.url}: ECONNREFUSED`);
  });

  it('rejects an answer without one text per segment', async () => {
    const odd = await startFakeEngine(() => ({ body: { translatedText: 'just one' } }));
    const translate = libreTranslateTranslator({ baseUrl: odd.url });
    await expect(translate(requestOf(['a', 'b']), testContext())).rejects.toThrow(
      'LibreTranslate answered without one translated text per segment (expected 2)',
    );
    await odd.close();
  });
});
