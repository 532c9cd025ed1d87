import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batched, EngineHttpError, withRetry } from 'byo-engine/translators';
import { DEEPL_TARGET_LOCALES, deeplHost, deeplTranslator } from 'byo-engine/translators/deepl';
import { recordingSleep, requestOf, startFakeEngine, testContext, type FakeAnswer, type FakeCall, type FakeEngine } from './fake-engine.js';

interface DeepLBody {
  text: string[];
  source_lang?: string;
  target_lang: string;
  formality?: string;
  tag_handling?: string;
  ignore_tags?: string[];
  glossary_id?: string;
}

const AUTH_KEY = 'deepl-key-1234-abcd:fx';
const SOURCES = new Set(['EN', 'DE', 'FR', 'PT', 'ZH', 'NB', 'JA']);
const TARGETS = new Set(['DE', 'FR', 'EN-US', 'EN-GB', 'PT-BR', 'PT-PT', 'ZH-HANS', 'ZH-HANT', 'NB', 'JA']);
const FORMALITIES = new Set(['default', 'more', 'less', 'prefer_more', 'prefer_less']);
const GERMAN: Record<string, string> = {
  Hello: 'Hallo',
  world: 'Welt',
  the: 'die',
  cloud: 'Wolke',
  Upload: 'Hochladen',
  to: 'in',
  and: 'und',
  share: 'teilen',
};
const IGNORED = /<byo-term i="\d+">[^<]*<\/byo-term>/g;

/** Word-by-word "German"; in XML mode the content of ignored tags is kept, as DeepL does. */
function translateText(text: string, body: DeepLBody): string {
  const words = (part: string) => part.replace(/[A-Za-z]+/g, (word) => GERMAN[word] ?? word);
  if (body.tag_handling !== 'xml') return words(text);
  let output = '';
  let last = 0;
  for (const match of text.matchAll(IGNORED)) {
    output += words(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return output + words(text.slice(last));
}

/** Text outside the ignored tags must be well-formed XML text: no raw `<`, `>` or bare `&`. */
function wellFormed(text: string): boolean {
  const outside = text.replace(IGNORED, '');
  return !/[<>]/.test(outside) && !/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(outside);
}

/** Answers as DeepL's POST /v2/translate does, with its error bodies `{ "message": "..." }`. */
function deepl(call: FakeCall<DeepLBody>, faults: string[]): FakeAnswer {
  if (call.path !== '/v2/translate') return { status: 404, body: { message: 'Not found' } };
  if (call.headers.authorization !== `DeepL-Auth-Key ${AUTH_KEY}`)
    return { status: 403, body: { message: 'Authorization failure, check auth_key' } };
  const fault = faults.shift();
  if (fault === '429') return { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too many requests' } };
  if (fault === '456') return { status: 456, body: { message: 'Quota exceeded' } };
  if (fault === '503') return { status: 503, body: { message: 'Service temporarily unavailable' } };
  const body = call.body;
  if (!Array.isArray(body.text) || body.text.length === 0) return { status: 400, body: { message: "Parameter 'text' not specified." } };
  if (body.text.length > 50) return { status: 413, body: { message: 'Request Entity Too Large' } };
  if (!TARGETS.has(body.target_lang)) return { status: 400, body: { message: "Value for 'target_lang' not supported." } };
  if (body.source_lang !== undefined && !SOURCES.has(body.source_lang))
    return { status: 400, body: { message: "Value for 'source_lang' not supported." } };
  if (body.formality !== undefined && !FORMALITIES.has(body.formality))
    return { status: 400, body: { message: "Value for 'formality' not supported." } };
  if (body.tag_handling === 'xml' && (!body.ignore_tags?.includes('byo-term') || !body.text.every(wellFormed))) {
    return { status: 400, body: { message: 'Tag handling parsing failed, please check input.' } };
  }
  return {
    body: {
      translations: body.text.map((text) => ({ detected_source_language: body.source_lang ?? 'EN', text: translateText(text, body) })),
    },
  };
}

describe('deeplTranslator', () => {
  let server: FakeEngine<DeepLBody>;
  const faults: string[] = [];
  const last = () => server.calls.at(-1)!.body;
  beforeAll(async () => {
    server = await startFakeEngine<DeepLBody>((call) => deepl(call, faults));
  });
  afterAll(() => server.close());

  const translator = (overrides = {}) => deeplTranslator({ authKey: AUTH_KEY, baseUrl: server.url, ...overrides });

  it('sends the texts with the DeepL-Auth-Key header and answers in order', async () => {
    expect(await translator()(requestOf(['Hello world', 'the world']), testContext())).toEqual(['Hallo Welt', 'die Welt']);
    expect(server.calls.at(-1)?.headers.authorization).toBe(`DeepL-Auth-Key ${AUTH_KEY}`);
    expect(last()).toEqual({ text: ['Hello world', 'the world'], source_lang: 'EN', target_lang: 'DE' });
  });

  it('picks the free host for :fx keys and the pro host otherwise', () => {
    expect(deeplHost('abc:fx')).toBe('https://api-free.deepl.com');
    expect(deeplHost('abc')).toBe('https://api.deepl.com');
  });

  it('maps Phrase codes to DeepL source and target codes, with overrides', async () => {
    await translator()(requestOf(['x'], { sourceLanguage: 'en_us', targetLanguage: 'pt_br' }), testContext());
    expect(last()).toMatchObject({ source_lang: 'EN', target_lang: 'PT-BR' });
    await translator()(requestOf(['x'], { sourceLanguage: 'pt_br', targetLanguage: 'zh_tw' }), testContext());
    expect(last()).toMatchObject({ source_lang: 'PT', target_lang: 'ZH-HANT' });
    await translator()(requestOf(['x'], { sourceLanguage: 'de', targetLanguage: 'en' }), testContext());
    expect(last()).toMatchObject({ source_lang: 'DE', target_lang: 'EN-US' });
    await translator({ targetLocales: { en: 'EN-GB' } })(requestOf(['x'], { sourceLanguage: 'de', targetLanguage: 'en' }), testContext());
    expect(last()).toMatchObject({ target_lang: 'EN-GB' });
    expect(DEEPL_TARGET_LOCALES.zh).toBe('ZH-HANS');
  });

  it('takes formality from request metadata', async () => {
    await translator()(requestOf(['x'], { metadata: { formality: 'informal', domain: 'legal' } }), testContext());
    expect(last().formality).toBe('prefer_less');
    await translator()(requestOf(['x'], { metadata: { formality: 'formal' } }), testContext());
    expect(last().formality).toBe('prefer_more');
    await translator()(requestOf(['x'], { metadata: { formality: 'casual-ish' } }), testContext());
    expect(last().formality).toBeUndefined();
  });

  it('applies the ad-hoc glossary by placeholder protection, XML-escaping the rest', async () => {
    const glossary = [
      { term: 'cloud', translation: 'Rechnerwolke' },
      { term: 'cloud storage', translation: 'Cloud-Speicher' },
    ];
    const output = await translator()(
      requestOf(['Upload to the cloud & share', 'the Cloud storage <b>and</b> the clouds', 'Hello world'], { glossary }),
      testContext(),
    );
    expect(last().tag_handling).toBe('xml');
    expect(last().ignore_tags).toEqual(['byo-term']);
    expect(last().text[0]).toBe('Upload to the <byo-term i="1">cloud</byo-term> &amp; share');
    // Longest term first, any case, whole words only ("clouds" is not "cloud").
    expect(last().text[1]).toBe('the <byo-term i="0">Cloud storage</byo-term> &lt;b&gt;and&lt;/b&gt; the clouds');
    expect(output).toEqual(['Hochladen in die Rechnerwolke & teilen', 'die Cloud-Speicher <b>und</b> die clouds', 'Hallo Welt']);
  });

  it('sends plain text when no glossary term occurs', async () => {
    await translator()(requestOf(['Hello & <world>'], { glossary: [{ term: 'cloud', translation: 'Wolke' }] }), testContext());
    expect(last()).toEqual({ text: ['Hello & <world>'], source_lang: 'EN', target_lang: 'DE' });
  });

  it('passes a prepared DeepL glossary id', async () => {
    await translator({ glossaryId: () => 'glossary-123' })(requestOf(['x']), testContext());
    expect(last().glossary_id).toBe('glossary-123');
  });

  it('sends more than 50 texts in consecutive calls of at most 50', async () => {
    const before = server.calls.length;
    const texts = Array.from({ length: 120 }, (_, index) => `Hello ${index}`);
    expect(await translator()(requestOf(texts), testContext())).toEqual(texts.map((text) => text.replace('Hello', 'Hallo')));
    expect(server.calls.slice(before).map((call) => call.body.text.length)).toEqual([50, 50, 20]);
  });

  it("reports DeepL's 400 with its message", async () => {
    const error = await Promise.resolve(translator()(requestOf(['x'], { targetLanguage: 'xx' }), testContext())).catch(
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ status: 400, message: "DeepL answered HTTP 400: Value for 'target_lang' not supported." });
  });

  it('reports a rejected key (403) without echoing it', async () => {
    const error = (await Promise.resolve(
      deeplTranslator({ authKey: 'wrong-secret-key', baseUrl: server.url })(requestOf(['x']), testContext()),
    ).catch((failure: unknown) => failure)) as EngineHttpError;
    expect(error).toBeInstanceOf(EngineHttpError);
    expect(error.status).toBe(403);
    expect(error.message).toContain('DeepL rejected the auth key (HTTP 403)');
    expect(error.message).not.toContain('wrong-secret-key');
  });

  it('reports an exhausted quota (456) and does not retry it', async () => {
    const translate = withRetry(translator(), { sleep: recordingSleep().sleep });
    faults.push('456');
    const before = server.calls.length;
    await expect(translate(requestOf(['x']), testContext())).rejects.toThrow(
      "DeepL quota exceeded (HTTP 456): the account's character limit for this billing period is used up: Quota exceeded",
    );
    expect(server.calls.length - before).toBe(1);
  });

  it('retries 429 after its Retry-After and 503, per batch', async () => {
    const { sleep, delays } = recordingSleep();
    const translate = batched(withRetry(translator(), { backoff: () => 3, sleep }), { maxSegments: 2, concurrency: 1 });
    faults.push('429', '503');
    const before = server.calls.length;
    expect(await translate(requestOf(['Hello', 'world', 'the']), testContext())).toEqual(['Hallo', 'Welt', 'die']);
    expect(server.calls.length - before).toBe(4);
    expect(delays).toEqual([1000, 3]);
  });
});
