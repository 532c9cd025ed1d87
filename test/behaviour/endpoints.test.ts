// The six endpoints answer as phrase-byo-mt.yaml says, on every adapter row and mounting.
import { expect, it } from 'vitest';
import type { LanguagePair, TranslateContext, TranslateFunction, TranslateRequest } from 'byo-engine';
import { OTHER_TOKEN, recordingTranslator, translateBody } from '../support/test-engine.js';
import { describeEachHost } from './harness.js';

const PAIRS: LanguagePair[] = [
  { sourceLanguage: 'en', targetLanguage: 'de' },
  { sourceLanguage: 'en', targetLanguage: 'fr' },
  { sourceLanguage: 'de', targetLanguage: 'en' },
];

describeEachHost('endpoints', (host) => {
  it('POST /languages lists the configured pairs, with or without a body', async () => {
    const api = await host.start({ languages: PAIRS });
    for (const options of [{}, { json: {} }, { json: { metadata: { project_uid: 'p1' } } }]) {
      const answer = await api.call('getLanguages', options);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ languagePairs: PAIRS });
    }
  });

  it('POST /languages lists the pairs of an async languages function', async () => {
    const api = await host.start({ languages: async () => [{ sourceLanguage: 'ja', targetLanguage: 'en_us' }] });
    const answer = await api.call('getLanguages');
    expect(answer.body).toEqual({ languagePairs: [{ sourceLanguage: 'ja', targetLanguage: 'en_us' }] });
  });

  it('POST /status answers ok by default', async () => {
    const api = await host.start();
    const answer = await api.call('getStatus', { json: { metadata: { a: 1 } } });
    expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('POST /status answers what status() says, not_ok when it throws or rejects', async () => {
    for (const [status, expected] of [
      [() => 'not_ok' as const, 'not_ok'],
      [async () => 'ok' as const, 'ok'],
      [
        () => {
          throw new Error('warming up');
        },
        'not_ok',
      ],
      [() => Promise.reject(new Error('db down')), 'not_ok'],
    ] as const) {
      const api = await host.start({ status });
      const answer = await api.call('getStatus');
      expect(answer).toMatchObject({ status: 200, body: { status: expected } });
    }
  });

  it('POST /translate echoes idx, text and segment metadata, in order, with the request metadata', async () => {
    const api = await host.start();
    const body: TranslateRequest = {
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [
        { idx: 'b', text: 'second first', metadata: { note: 'x' } },
        { text: 'no idx' },
        { idx: 'a', text: 'Hello' },
        { idx: '', text: '' },
      ],
      metadata: { project_uid: 'P1', nested: { list: [1, 2] } },
    };
    const answer = await api.translate(body);
    expect(answer).toStrictEqual({
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [
        { idx: 'b', text: 'second first', translatedText: '<de>second first', metadata: { note: 'x' } },
        { text: 'no idx', translatedText: '<de>no idx' },
        { idx: 'a', text: 'Hello', translatedText: '<de>Hello' },
        { idx: '', text: '', translatedText: '<de>' },
      ],
      metadata: { project_uid: 'P1', nested: { list: [1, 2] } },
    });
  });

  it('POST /translate leaves metadata out when the request had none', async () => {
    const api = await host.start();
    const answer = await api.translate(translateBody(3));
    expect(Object.keys(answer).sort()).toEqual(['segments', 'sourceLanguage', 'targetLanguage']);
    expect(answer.segments.map((segment) => segment.idx)).toEqual(['0', '1', '2']);
  });

  it('POST /translate sends a translator item metadata back instead of the segment metadata', async () => {
    const translate: TranslateFunction = (request) =>
      request.segments.map((segment, index) =>
        index === 0 ? { translatedText: `T:${segment.text}`, metadata: { score: 0.9 } } : `T:${segment.text}`,
      );
    const api = await host.start({ translate });
    const answer = await api.translate({
      sourceLanguage: 'en',
      targetLanguage: 'fr',
      segments: [
        { idx: '1', text: 'one', metadata: { from: 'request' } },
        { idx: '2', text: 'two', metadata: { from: 'request' } },
      ],
    });
    expect(answer.segments).toEqual([
      { idx: '1', text: 'one', translatedText: 'T:one', metadata: { score: 0.9 } },
      { idx: '2', text: 'two', translatedText: 'T:two', metadata: { from: 'request' } },
    ]);
  });

  it('a top-level code covers its sub-locales (en covers en_us), on both sides', async () => {
    const api = await host.start({ languages: PAIRS });
    for (const [sourceLanguage, targetLanguage] of [
      ['en_us', 'de'],
      ['en', 'de_at'],
      ['en_gb', 'fr_ca'],
      ['de_ch', 'en'],
    ]) {
      const answer = await api.translate(translateBody(1, { sourceLanguage, targetLanguage }));
      expect(answer).toMatchObject({ sourceLanguage, targetLanguage });
      expect(answer.segments[0].translatedText).toBe(`<${targetLanguage}>segment 0`);
    }
  });

  it('a sub-locale does not cover its top-level code or a sibling', async () => {
    const api = await host.start({ languages: [{ sourceLanguage: 'en_us', targetLanguage: 'de' }] });
    await api.translate(translateBody(1, { sourceLanguage: 'en_us' }));
    const parent = await api.error('translateTexts', 400, { json: translateBody(1, { sourceLanguage: 'en' }) });
    expect(parent.body.error).toContain('en -> de');
    const sibling = await api.error('translateTexts', 400, { json: translateBody(1, { sourceLanguage: 'en_gb' }) });
    expect(sibling.body.error).toContain('en_gb -> de');
  });

  it('an uncovered pair is a 400 naming the pair, on /translate and /translateAsync, and reaches no translator', async () => {
    const recorder = recordingTranslator();
    const api = await host.start({ languages: PAIRS, translate: recorder.translate });
    const body = translateBody(1, { sourceLanguage: 'fr', targetLanguage: 'de' });
    for (const operationId of ['translateTexts', 'translateAsync'] as const) {
      const answer = await api.error(operationId, 400, { json: body });
      expect(answer.body.error).toBe('Language pair fr -> de is not supported; POST /languages lists the supported pairs');
    }
    expect(recorder.calls).toHaveLength(0);
  });

  it('the translator gets the glossary, request metadata and segment metadata as sent, and who asked', async () => {
    const contexts: Omit<TranslateContext, 'signal'>[] = [];
    const recorder = recordingTranslator();
    const translate: TranslateFunction = (request, context) => {
      contexts.push({ principal: context.principal, mode: context.mode, jobId: context.jobId });
      expect(context.signal).toBeInstanceOf(AbortSignal);
      return recorder.translate(request, context);
    };
    const api = await host.start({ translate });
    const body: TranslateRequest = {
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [{ idx: '1', text: 'Phrase TMS rocks', metadata: { context: 'title' } }],
      glossary: [
        { term: 'Phrase TMS', translation: 'Phrase TMS' },
        { term: 'rocks', translation: 'rockt' },
      ],
      metadata: { formality: 'informal', project_uid: 'abc' },
    };
    await api.translate(body);
    const id = await api.submit(body, { token: OTHER_TOKEN });
    expect(await api.waitForJob(id, { token: OTHER_TOKEN })).toEqual({ status: 'done' });
    expect(recorder.calls).toEqual([body, body]);
    expect(contexts).toEqual([
      { principal: expect.objectContaining({ name: 'phrase', scheme: 'api-token' }), mode: 'sync', jobId: undefined },
      { principal: expect.objectContaining({ name: 'other', scheme: 'api-token' }), mode: 'async', jobId: id },
    ]);
  });

  it('keeps Unicode exactly: emoji, RTL, CJK and combining characters, unnormalized', async () => {
    const recorder = recordingTranslator();
    const api = await host.start({ translate: recorder.translate, languages: [{ sourceLanguage: 'en', targetLanguage: 'ar' }] });
    const texts = [
      'Hello 👋🏽 world 👨‍👩‍👧‍👦',
      'مرحبا بالعالم',
      'שלום עולם',
      '你好，世界',
      'こんにちは世界',
      '안녕하세요',
      'Cafe\u0301 vs Caf\u00e9',
      'Z\u0351\u036b\u0343a\u0357l\u0346g\u0310o',
      '\u{1F600}\u{10FFFF} mixed \u200f RTL mark',
    ];
    const body = {
      sourceLanguage: 'en',
      targetLanguage: 'ar',
      segments: texts.map((text, index) => ({ idx: `ü${index}`, text })),
      glossary: [{ term: '世界', translation: 'العالم' }],
      metadata: { note: '🚀 ملاحظة' },
    };
    const answer = await api.translate(body);
    expect(answer.segments).toEqual(texts.map((text, index) => ({ idx: `ü${index}`, text, translatedText: `<ar>${text}` })));
    expect(answer.metadata).toEqual({ note: '🚀 ملاحظة' });
    expect(recorder.calls[0]).toEqual(body);
  });

  it('translates 500 segments, the most the spec allows, in order', async () => {
    const api = await host.start();
    const body = translateBody(500);
    body.segments = body.segments.map((segment, index) => ({ ...segment, text: `${index}:${'long text é 字 '.repeat(60)}` }));
    const answer = await api.translate(body);
    expect(answer.segments).toHaveLength(500);
    expect(answer.segments.map((segment) => segment.idx)).toEqual(body.segments.map((segment) => segment.idx));
    expect(answer.segments.every((segment, index) => segment.translatedText === `<de>${body.segments[index].text}`)).toBe(true);
  });

  it('POST /translateAsync answers a fresh UUID for every job', async () => {
    const api = await host.start();
    const ids = await Promise.all(Array.from({ length: 5 }, () => api.submit(translateBody(1))));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(5);
  });

  it('GET /translateAsyncStatus and /translateAsyncResult answer a done job', async () => {
    const api = await host.start();
    const id = await api.submit(translateBody(2, { metadata: { job: 'x' } }));
    expect(await api.waitForJob(id)).toStrictEqual({ status: 'done' });
    expect(await api.jobResult(id)).toStrictEqual({
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [
        { idx: '0', text: 'segment 0', translatedText: '<de>segment 0' },
        { idx: '1', text: 'segment 1', translatedText: '<de>segment 1' },
      ],
      metadata: { job: 'x' },
    });
  });

  it('GET /openapi.json serves the document, unless turned off', async () => {
    const api = await host.start();
    const answer = await api.request('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(api.engine.document)));
    const hidden = await host.start({ serveOpenApi: false });
    const missing = await hidden.request('GET', '/openapi.json');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'No such endpoint: GET /openapi.json' });
  });
});
