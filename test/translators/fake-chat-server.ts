import type { FakeAnswer, FakeCall } from './fake-engine.js';

export interface ChatBody {
  model: string;
  temperature?: number;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: unknown };
}

/** How the fake model answers one call. */
export type ChatBehaviour =
  | 'good' // every index once, in reverse order
  | 'missing' // the last index left out
  | 'duplicate' // the first index twice
  | 'invalid-json'
  | 'fenced' // good JSON inside a ```json fence
  | 'bare-list' // a JSON list instead of an object
  | 'truncated' // cut off at the token limit (finish_reason "length")
  | '401'
  | '429'
  | '500';

/** The fake model's translation of a text. */
export const fakeTranslation = (text: string) => `tr(${text})`;

/** The segments of a call, read from its first user message. */
export function segmentsOf(body: ChatBody): { i: number; text: string }[] {
  const first = body.messages.find((message) => message.role === 'user');
  return (JSON.parse(first?.content ?? '{}') as { segments: { i: number; text: string }[] }).segments;
}

function completion(model: string, content: string, finishReason = 'stop'): FakeAnswer {
  return {
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    },
  };
}

/** Answers as an OpenAI-compatible POST /v1/chat/completions does, including its error bodies. */
export function chatCompletions(call: FakeCall<ChatBody>, behaviour: ChatBehaviour, apiKey?: string): FakeAnswer {
  if (call.path !== '/v1/chat/completions')
    return { status: 404, body: { error: { message: `Unknown path ${call.path}`, type: 'invalid_request_error' } } };
  if (behaviour === '401' || (apiKey !== undefined && call.headers.authorization !== `Bearer ${apiKey}`)) {
    const shown = String(call.headers.authorization ?? '').slice(7, 12);
    return {
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${shown}***. You can find your API key at ...`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
    };
  }
  if (behaviour === '429') {
    return {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } },
    };
  }
  if (behaviour === '500')
    return { status: 500, body: { error: { message: 'The server had an error while processing your request.', type: 'server_error' } } };

  const segments = segmentsOf(call.body);
  const entries = segments.map(({ i, text }) => ({ i, text: fakeTranslation(text) })).reverse();
  const json = (list: unknown) => JSON.stringify({ translations: list });
  switch (behaviour) {
    case 'good':
      return completion(call.body.model, json(entries));
    case 'missing':
      return completion(call.body.model, json(entries.filter(({ i }) => i !== segments.length - 1)));
    case 'duplicate':
      return completion(call.body.model, json([...entries, { i: 0, text: 'again' }]));
    case 'invalid-json':
      return completion(call.body.model, `Sure! Here are the translations: ${json(entries).slice(0, -2)}`);
    case 'fenced':
      return completion(call.body.model, `\`\`\`json\n${json(entries)}\n\`\`\``);
    case 'bare-list':
      return completion(call.body.model, JSON.stringify(entries));
    case 'truncated':
      return completion(call.body.model, json(entries).slice(0, 20), 'length');
  }
}
