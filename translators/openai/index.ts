import type { TranslateFunction } from '../../src/index.js';
import { endpointUrl, postJson } from '../engine-http.js';
import { localeMapper, type LocaleTable } from '../locale-table.js';
import { parseTranslations } from './answer.js';
import { bcp47Tag, describeLanguage, OPENAI_LOCALES } from './locales.js';
import {
  correctionMessage,
  DEFAULT_PROMPT_METADATA_KEYS,
  DEFAULT_SYSTEM_PROMPT,
  instructions,
  responseFormat,
  segmentsMessage,
} from './prompt.js';

export { OPENAI_LOCALES } from './locales.js';
export { DEFAULT_PROMPT_METADATA_KEYS, DEFAULT_SYSTEM_PROMPT } from './prompt.js';

/** Options of `openAiTranslator`: the endpoint, the model and the prompt. */
export interface OpenAiOptions {
  /** The model name the server knows, such as `gpt-4o-mini`, `llama3.1:8b` or `Qwen/Qwen2.5-7B-Instruct`. */
  model: string;
  /** The API root including `/v1`. Default `https://api.openai.com/v1`; Ollama: `http://localhost:11434/v1`. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer ...` when given (local servers usually need none). */
  apiKey?: string;
  /** Default 0: the same text gets the same translation. */
  temperature?: number;
  /** Replaces the opening of the instructions (the translator's brief); the language pair, glossary, metadata and answer format are always added. */
  systemPrompt?: string;
  /** Segments per chat completion; larger requests are sent in turn. Default 20. */
  maxSegmentsPerRequest?: number;
  /** How JSON is asked for. Default `json_object`; use `json_schema` for LM Studio, `none` for servers that support neither. */
  responseFormat?: 'json_object' | 'json_schema' | 'none';
  /** Request metadata keys written into the instructions. Default `DEFAULT_PROMPT_METADATA_KEYS`. */
  promptMetadataKeys?: readonly string[];
  /** Phrase code -> BCP 47 tag for the prompt, over `OPENAI_LOCALES`. */
  locales?: LocaleTable;
  /** Extra headers, such as `api-key` for Azure OpenAI or `HTTP-Referer` for OpenRouter. */
  headers?: Record<string, string>;
}

interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

interface ChatAnswer {
  choices?: { message?: { content?: string | null }; finish_reason?: string }[];
}

/**
 * Any OpenAI-compatible `POST {baseUrl}/chat/completions` (OpenAI, vLLM, Ollama, llama.cpp server,
 * LM Studio...). Segments go as a numbered JSON list; the answer must give every index back exactly
 * once. If it does not, the model is asked once more; if that fails too, the batch is split in halves,
 * down to single segments.
 */
export function openAiTranslator(options: OpenAiOptions): TranslateFunction {
  const url = endpointUrl(options.baseUrl ?? 'https://api.openai.com/v1', 'chat/completions');
  const toTag = localeMapper(OPENAI_LOCALES, options.locales, bcp47Tag);
  const perRequest = options.maxSegmentsPerRequest ?? 20;
  if (!Number.isInteger(perRequest) || perRequest < 1)
    throw new RangeError(`openAiTranslator: maxSegmentsPerRequest must be at least 1, got ${perRequest}`);
  const format = responseFormat(options.responseFormat ?? 'json_object');
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  return async (request, { signal }) => {
    const system = instructions(request, {
      systemPrompt: options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT,
      metadataKeys: options.promptMetadataKeys ?? DEFAULT_PROMPT_METADATA_KEYS,
      sourceName: describeLanguage(toTag(request.sourceLanguage)),
      targetName: describeLanguage(toTag(request.targetLanguage)),
    });

    const complete = async (messages: ChatMessage[]) => {
      const body: Record<string, unknown> = { model: options.model, temperature: options.temperature ?? 0, messages };
      if (format) body.response_format = format;
      const answer = (await postJson({
        engine: 'the OpenAI-compatible server',
        url,
        headers,
        body,
        signal,
        secrets: [options.apiKey],
      })) as ChatAnswer;
      const choice = answer.choices?.[0];
      return { content: choice?.message?.content ?? '', truncated: choice?.finish_reason === 'length' };
    };

    // `first` is the batch's position in the request, for messages.
    const translateBatch = async (texts: string[], first: number): Promise<string[]> => {
      const asked: ChatMessage[] = [
        { role: 'system', content: system },
        { role: 'user', content: segmentsMessage(texts) },
      ];
      const answer = await complete(asked);
      let parsed = parseTranslations(answer.content, texts.length);
      // A truncated answer would be truncated again: go straight to halves.
      if (!parsed.ok && !answer.truncated) {
        const again = await complete([
          ...asked,
          { role: 'assistant', content: answer.content },
          { role: 'user', content: correctionMessage(parsed.problem, texts.length) },
        ]);
        parsed = parseTranslations(again.content, texts.length);
      }
      if (parsed.ok) return parsed.texts;
      if (texts.length === 1) throw new Error(`the model gave no usable translation for segment ${first + 1}: ${parsed.problem}`);
      const half = Math.ceil(texts.length / 2);
      const left = await translateBatch(texts.slice(0, half), first);
      return [...left, ...(await translateBatch(texts.slice(half), first + half))];
    };

    const texts = request.segments.map((segment) => segment.text);
    const results: string[] = [];
    for (let start = 0; start < texts.length; start += perRequest) {
      results.push(...(await translateBatch(texts.slice(start, start + perRequest), start)));
    }
    return results;
  };
}
