import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineHttpError, withRetry } from 'byo-engine/translators';
import { openAiTranslator, type OpenAiOptions } from 'byo-engine/translators/openai';
import { chatCompletions, fakeTranslation, segmentsOf, type ChatBehaviour, type ChatBody } from './fake-chat-server.js';
import { recordingSleep, requestOf, startFakeEngine, testContext, type FakeEngine } from './fake-engine.js';

const API_KEY = 'sk-test-0123456789abcdef';

describe('openAiTranslator', () => {
  let server: FakeEngine<ChatBody>;
  let script: ChatBehaviour[] = [];
  beforeAll(async () => {
    server = await startFakeEngine<ChatBody>((call) => chatCompletions(call, script.shift() ?? 'good', API_KEY));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.calls.length = 0;
    script = [];
  });

  const translator = (overrides: Partial<OpenAiOptions> = {}) =>
    openAiTranslator({ model: 'test-model', baseUrl: `${server.url}/v1`, apiKey: API_KEY, ...overrides });
  const texts = (count: number) => Array.from({ length: count }, (_, index) => `segment ${index}`);
  const expected = (count: number) => texts(count).map(fakeTranslation);
  const sizes = () => server.calls.map((call) => segmentsOf(call.body).length);

  it('sends a numbered JSON list with instructions and puts a reordered answer back in order', async () => {
    const request = requestOf(['Hello', 'Open the cloud'], {
      sourceLanguage: 'en',
      targetLanguage: 'pt_br',
      glossary: [{ term: 'cloud', translation: 'nuvem' }],
      metadata: { formality: 'informal', domain: 'legal', job_uid: 'job-123' },
    });
    expect(await translator()(request, testContext())).toEqual(['tr(Hello)', 'tr(Open the cloud)']);
    const [call] = server.calls;
    expect(call.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(call.body).toMatchObject({ model: 'test-model', temperature: 0, response_format: { type: 'json_object' } });
    const [system, user] = call.body.messages;
    expect(system.role).toBe('system');
    expect(system.content).toContain('Translate from English [en] to Brazilian Portuguese [pt-BR].');
    expect(system.content).toContain('- "cloud" -> "nuvem"');
    expect(system.content).toContain('Formality: informal');
    expect(system.content).toContain('Domain: legal');
    expect(system.content).not.toContain('job-123');
    expect(JSON.parse(user.content)).toEqual({
      segments: [
        { i: 0, text: 'Hello' },
        { i: 1, text: 'Open the cloud' },
      ],
    });
  });

  it('re-asks once when an index is missing, saying what was wrong', async () => {
    script = ['missing', 'good'];
    expect(await translator()(requestOf(texts(3)), testContext())).toEqual(expected(3));
    expect(server.calls).toHaveLength(2);
    const reAsk = server.calls[1].body.messages;
    expect(reAsk.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(reAsk[3].content).toContain('indices missing 2');
  });

  it('re-asks after invalid JSON', async () => {
    script = ['invalid-json', 'good'];
    expect(await translator()(requestOf(texts(2)), testContext())).toEqual(expected(2));
    expect(server.calls[1].body.messages[3].content).toContain('the answer was not valid JSON');
  });

  it('splits the batch in halves when the re-asked answer is still wrong', async () => {
    script = ['duplicate', 'duplicate'];
    expect(await translator()(requestOf(texts(5)), testContext())).toEqual(expected(5));
    expect(sizes()).toEqual([5, 5, 3, 2]);
    expect(server.calls[1].body.messages[3].content).toContain('indices repeated 0');
  });

  it('keeps splitting down to single segments', async () => {
    script = ['missing', 'missing', 'missing', 'missing', 'good', 'good'];
    expect(await translator()(requestOf(texts(4)), testContext())).toEqual(expected(4));
    expect(sizes()).toEqual([4, 4, 2, 2, 1, 1, 2]);
  });

  it('splits a truncated answer at once, without re-asking', async () => {
    script = ['truncated'];
    expect(await translator()(requestOf(texts(4)), testContext())).toEqual(expected(4));
    expect(sizes()).toEqual([4, 2, 2]);
  });

  it('fails naming the segment when a single segment never comes back', async () => {
    script = ['missing', 'invalid-json'];
    await expect(translator()(requestOf(['only']), testContext())).rejects.toThrow(
      'the model gave no usable translation for segment 1: the answer was not valid JSON',
    );
  });

  it('accepts answers in a code fence or as a bare list', async () => {
    script = ['fenced', 'bare-list'];
    expect(await translator({ maxSegmentsPerRequest: 2 })(requestOf(texts(4)), testContext())).toEqual(expected(4));
    expect(server.calls).toHaveLength(2);
  });

  it('sends at most maxSegmentsPerRequest segments per call, in order', async () => {
    expect(await translator({ maxSegmentsPerRequest: 2 })(requestOf(texts(5)), testContext())).toEqual(expected(5));
    expect(server.calls.map((call) => segmentsOf(call.body).map((segment) => segment.i))).toEqual([[0, 1], [0, 1], [0]]);
  });

  it('takes the model options: system prompt, temperature, json_schema, metadata keys, locales, headers', async () => {
    await translator({
      systemPrompt: 'You translate game dialogue.',
      temperature: 0.3,
      responseFormat: 'json_schema',
      promptMetadataKeys: ['character'],
      locales: { de: 'de-CH' },
      headers: { 'x-team': 'l10n' },
    })(requestOf(['x'], { metadata: { character: 'pirate', formality: 'formal' } }), testContext());
    const [call] = server.calls;
    expect(call.headers['x-team']).toBe('l10n');
    expect(call.body.temperature).toBe(0.3);
    expect(call.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'translations', strict: true } });
    const system = call.body.messages[0].content;
    expect(system.startsWith('You translate game dialogue.')).toBe(true);
    expect(system).toContain('to Swiss High German [de-CH]');
    expect(system).toContain('Character: pirate');
    expect(system).not.toContain('Formality');
  });

  it('reports a rejected key (401) without any part of it', async () => {
    const error = (await Promise.resolve(translator({ apiKey: 'sk-wrong-secret' })(requestOf(['x']), testContext())).catch(
      (failure: unknown) => failure,
    )) as EngineHttpError;
    expect(error).toBeInstanceOf(EngineHttpError);
    expect(error.status).toBe(401);
    expect(error.message).toBe('the OpenAI-compatible server rejected the credentials (HTTP 401): check the API key');
  });

  it('retries 429 after its Retry-After and 500 with withRetry', async () => {
    script = ['429', '500', 'good'];
    const { sleep, delays } = recordingSleep();
    const translate = withRetry(translator(), { backoff: () => 4, sleep });
    expect(await translate(requestOf(texts(2)), testContext())).toEqual(expected(2));
    expect(server.calls).toHaveLength(3);
    expect(delays).toEqual([1000, 4]);
  });

  it("reports a server error with the server's message", async () => {
    script = ['500'];
    await expect(translator()(requestOf(['x']), testContext())).rejects.toThrow(
      'the OpenAI-compatible server answered HTTP 500: The server had an error while processing your request.',
    );
  });
});
