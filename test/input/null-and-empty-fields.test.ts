// What Phrase may really send: `null` in optional fields (Java/Jackson senders write absent fields as null)
// and glossary entries with an empty term. A null optional field is absent, never echoed as null; an empty
// term never reaches the translator.
import { describe, expect, it } from 'vitest';
import type { ByoEngine, TranslateRequest } from 'byo-engine';
import { expectMatchesSchema } from '../support/schema-check.js';
import { AUTH_HEADERS, recordingTranslator, testEngine } from '../support/test-engine.js';

const PATHS: Record<'translateTexts' | 'getStatus' | 'getLanguages', string> = {
  translateTexts: '/translate',
  getStatus: '/status',
  getLanguages: '/languages',
};

async function post(engine: ByoEngine, operationId: keyof typeof PATHS, body: unknown) {
  const answer = await engine.handle({
    method: 'POST',
    path: PATHS[operationId],
    headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
    body: { kind: 'bytes', bytes: JSON.stringify(body) },
  });
  const json: unknown = JSON.parse(answer.body);
  expectMatchesSchema(operationId, answer.status, json);
  return { status: answer.status, json: json as Record<string, unknown> };
}

const base = { sourceLanguage: 'en', targetLanguage: 'de' };

describe('null in an optional field is treated as absent', () => {
  const cases: [string, unknown, (request: TranslateRequest) => void][] = [
    ['glossary', { ...base, segments: [{ idx: '1', text: 'Hi' }], glossary: null }, (r) => expect('glossary' in r).toBe(false)],
    ['metadata', { ...base, segments: [{ idx: '1', text: 'Hi' }], metadata: null }, (r) => expect('metadata' in r).toBe(false)],
    ['segments/idx', { ...base, segments: [{ idx: null, text: 'Hi' }] }, (r) => expect('idx' in r.segments[0]).toBe(false)],
    ['segments/metadata', { ...base, segments: [{ text: 'Hi', metadata: null }] }, (r) => expect('metadata' in r.segments[0]).toBe(false)],
  ];
  for (const [field, body, check] of cases) {
    it(`/translate with ${field}: null answers 200, schema-valid, without the field`, async () => {
      const recorder = recordingTranslator();
      const engine = testEngine({ translate: recorder.translate });
      const answer = await post(engine, 'translateTexts', body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      expect(JSON.stringify(answer.json)).not.toContain('null');
      check(recorder.calls[0]);
      await engine.close();
    });
  }

  it('answers the request of the issue: idx and glossary null at once', async () => {
    const engine = testEngine();
    const answer = await post(engine, 'translateTexts', { ...base, segments: [{ idx: null, text: 'Hi' }], glossary: null, metadata: null });
    expect(answer).toEqual({ status: 200, json: { ...base, segments: [{ text: 'Hi', translatedText: '<de>Hi' }] } });
    await engine.close();
  });

  it('treats metadata: null as absent on /status and /languages', async () => {
    const engine = testEngine();
    expect(await post(engine, 'getStatus', { metadata: null })).toEqual({ status: 200, json: { status: 'ok' } });
    expect((await post(engine, 'getLanguages', { metadata: null })).status).toBe(200);
    await engine.close();
  });

  it('keeps null inside metadata: that is the caller data, echoed as sent', async () => {
    const engine = testEngine();
    const answer = await post(engine, 'translateTexts', {
      ...base,
      segments: [{ text: 'Hi', metadata: { note: null } }],
      metadata: { a: null },
    });
    expect(answer.json).toMatchObject({ metadata: { a: null }, segments: [{ metadata: { note: null } }] });
    await engine.close();
  });

  it('still answers 400 for null in a required field', async () => {
    const engine = testEngine();
    const cases: [unknown, string][] = [
      [{ ...base, segments: [{ text: null }] }, 'segments/0/text must be string'],
      [{ ...base, segments: null }, 'segments must be array'],
      [{ sourceLanguage: null, targetLanguage: 'de', segments: [{ text: 'Hi' }] }, 'sourceLanguage must be string'],
      [{ ...base, segments: [{ text: 'Hi' }], glossary: [{ term: null, translation: 'x' }] }, 'glossary/0/term must be string'],
    ];
    for (const [body, message] of cases)
      expect(await post(engine, 'translateTexts', body)).toEqual({ status: 400, json: { error: message } });
    await engine.close();
  });
});

describe('glossary entries with an empty term', () => {
  it('are dropped before the translator sees them; the others stay, in order', async () => {
    const recorder = recordingTranslator();
    const engine = testEngine({ translate: recorder.translate });
    const glossary = [
      { term: '', translation: 'A' },
      { term: 'world', translation: 'Welt' },
      { term: '', translation: 'B' },
      { term: ' ', translation: '_' },
    ];
    const answer = await post(engine, 'translateTexts', { ...base, segments: [{ text: 'Hello world' }], glossary });
    expect(answer.status).toBe(200);
    expect(recorder.calls[0].glossary).toEqual([
      { term: 'world', translation: 'Welt' },
      { term: ' ', translation: '_' },
    ]);
    await engine.close();
  });

  it('leave an empty glossary when every term is empty', async () => {
    const recorder = recordingTranslator();
    const engine = testEngine({ translate: recorder.translate });
    const glossary = Array.from({ length: 8 }, () => ({ term: '', translation: 'x' }));
    expect((await post(engine, 'translateTexts', { ...base, segments: [{ text: 'Hi' }], glossary })).status).toBe(200);
    expect(recorder.calls[0].glossary).toEqual([]);
    await engine.close();
  });
});

describe('null metadata from the translator', () => {
  it('means none: the segment keeps the metadata it was sent with, never null', async () => {
    const translate = () =>
      [
        { translatedText: 'a', metadata: null },
        { translatedText: 'b', metadata: null },
      ] as never;
    const engine = testEngine({ translate });
    const answer = await post(engine, 'translateTexts', { ...base, segments: [{ text: 'x', metadata: { k: 1 } }, { text: 'y' }] });
    expect(answer).toEqual({
      status: 200,
      json: {
        ...base,
        segments: [
          { text: 'x', translatedText: 'a', metadata: { k: 1 } },
          { text: 'y', translatedText: 'b' },
        ],
      },
    });
    await engine.close();
  });
});
