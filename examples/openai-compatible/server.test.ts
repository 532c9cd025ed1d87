// Runs server.ts as a team would (a child process configured by environment variables) in front of a
// loopback stand-in for the model server, and translates through it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletions, fakeTranslation, segmentsOf, type ChatBody } from '../../test/translators/fake-chat-server.js';
import { startFakeEngine, type FakeEngine } from '../../test/translators/fake-engine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODEL_KEY = 'sk-local-0123456789';
const BYO_TOKEN = 'example-token-0123456789abcdef';

/** Starts server.ts and resolves with its base URL once it prints it. */
function startExample(env: Record<string, string>): { child: ChildProcess; baseUrl: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/openai-compatible/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /BYO Engine API on (http:\/\/localhost:\d+\/byo)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the example exited with ${code} before listening:\n${output}`)));
  });
  return { child, baseUrl, output: () => output };
}

describe('examples/openai-compatible', () => {
  let model: FakeEngine<ChatBody>;
  let example: ReturnType<typeof startExample>;
  let byo: string;

  beforeAll(async () => {
    model = await startFakeEngine<ChatBody>((call) =>
      call.method === 'GET' && call.path === '/v1/models'
        ? { body: { object: 'list', data: [{ id: 'local-model', object: 'model' }] } }
        : chatCompletions(call, 'good', MODEL_KEY),
    );
    example = startExample({
      PORT: '0',
      OPENAI_BASE_URL: `${model.url}/v1`,
      OPENAI_MODEL: 'local-model',
      OPENAI_API_KEY: MODEL_KEY,
      BYO_API_TOKEN: BYO_TOKEN,
      BYO_LANGUAGE_PAIRS: 'en:de,en:fr',
    });
    byo = await example.baseUrl;
  });

  afterAll(async () => {
    if (example?.child.exitCode === null) {
      const exited = new Promise((resolve) => example.child.once('exit', resolve));
      example.child.kill('SIGTERM');
      await exited;
    }
    await model?.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${byo}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-token': BYO_TOKEN },
      body: JSON.stringify(body),
    });

  it('answers POST /translate through the model server, in order, asking once per distinct text', async () => {
    const response = await post('/translate', {
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [
        { idx: 'a', text: 'Hello world' },
        { idx: 'b', text: 'Good morning' },
        { idx: 'c', text: 'Hello world' },
      ],
      metadata: { formality: 'informal' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [
        { idx: 'a', text: 'Hello world', translatedText: fakeTranslation('Hello world') },
        { idx: 'b', text: 'Good morning', translatedText: fakeTranslation('Good morning') },
        { idx: 'c', text: 'Hello world', translatedText: fakeTranslation('Hello world') },
      ],
      metadata: { formality: 'informal' },
    });
    const chats = model.calls.filter((call) => call.path === '/v1/chat/completions');
    expect(chats).toHaveLength(1);
    expect(chats[0].headers.authorization).toBe(`Bearer ${MODEL_KEY}`);
    expect(chats[0].body.model).toBe('local-model');
    expect(segmentsOf(chats[0].body).map((segment) => segment.text)).toEqual(['Hello world', 'Good morning']);
    expect(chats[0].body.messages[0].content).toContain('Formality: informal');
  });

  it('answers a repeated request from its cache', async () => {
    const before = model.calls.length;
    const response = await post('/translate', {
      sourceLanguage: 'en',
      targetLanguage: 'de',
      segments: [{ text: 'Good morning' }],
      metadata: { formality: 'informal' },
    });
    expect((await response.json()).segments[0].translatedText).toBe(fakeTranslation('Good morning'));
    expect(model.calls.length).toBe(before);
  });

  it('reports the model server in /status and the configured pairs in /languages', async () => {
    expect(await (await post('/status', {})).json()).toEqual({ status: 'ok' });
    expect(model.calls.some((call) => call.path === '/v1/models')).toBe(true);
    expect(await (await post('/languages', {})).json()).toEqual({
      languagePairs: [
        { sourceLanguage: 'en', targetLanguage: 'de' },
        { sourceLanguage: 'en', targetLanguage: 'fr' },
      ],
    });
  });

  it('refuses callers without the token', async () => {
    const response = await fetch(`${byo}/translate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
  });
});
