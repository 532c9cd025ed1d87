// A BYO engine over any OpenAI-compatible model server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio):
//   OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.1:8b npx tsx examples/openai-compatible/server.ts
// Optional: OPENAI_API_KEY, BYO_API_TOKEN (the token Phrase sends), BYO_LANGUAGE_PAIRS ("en:de,en:fr"),
// REDIS_URL (share the translation cache between instances), PORT (default 8080).
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createByoEngine, type LanguagePair } from 'byo-engine';
import { batched, cached, memoryCacheStore, redisCacheStore, withRetry, type CacheStore } from 'byo-engine/translators';
import { byoExpress } from 'byo-engine/express';
import { DEFAULT_PROMPT_METADATA_KEYS, openAiTranslator } from 'byo-engine/translators/openai';
import { demoApiToken, demoLanguages, printCurl } from '../shared/demo-translator.js';
import { closeOnSignals } from '../shared/close-on-signals.js';
import { exitOnListenError } from '../shared/listen-errors.js';

function required(name: string): string {
  const value = process.env[name];
  if (value) return value;
  process.stderr.write(`${name} is not set. Example: OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.1:8b\n`);
  process.exit(1);
}

/** "en:de,en:fr" -> pairs; the demo pairs when unset. */
function languagePairs(value: string | undefined): LanguagePair[] {
  if (!value) return demoLanguages;
  return value.split(',').map((pair) => {
    const [sourceLanguage, targetLanguage] = pair.trim().split(':');
    if (!sourceLanguage || !targetLanguage) throw new Error(`BYO_LANGUAGE_PAIRS: "${pair}" is not "source:target"`);
    return { sourceLanguage, targetLanguage };
  });
}

async function cacheStore(): Promise<CacheStore> {
  if (!process.env.REDIS_URL) return memoryCacheStore({ maxEntries: 50_000 });
  const { Redis } = await import('ioredis');
  return redisCacheStore(new Redis(process.env.REDIS_URL), { prefix: 'byo-engine:openai-compatible:' });
}

const baseUrl = required('OPENAI_BASE_URL');
const model = required('OPENAI_MODEL');
const apiKey = process.env.OPENAI_API_KEY || undefined;
const token = demoApiToken();

const modelServer = openAiTranslator({ baseUrl, model, apiKey, maxSegmentsPerRequest: 20 });
// Outside in: reuse earlier translations; split the rest into batches of 20, four at a time;
// retry each batch on 429/5xx (honouring Retry-After) and on network errors.
const translate = cached(batched(withRetry(modelServer, { retries: 3 }), { maxSegments: 20, concurrency: 4 }), {
  store: await cacheStore(),
  metadataKeys: DEFAULT_PROMPT_METADATA_KEYS, // only what the prompt uses changes the output
  segmentMetadataKeys: [],
  namespace: `${baseUrl} ${model}`, // another model starts afresh
});

const engine = createByoEngine({
  translate,
  languages: languagePairs(process.env.BYO_LANGUAGE_PAIRS),
  auth: { apiTokens: { phrase: token } },
  // /status is ok while the model server lists its models.
  status: async () => {
    const response = await fetch(new URL('models', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`), {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
    return response.ok ? 'ok' : 'not_ok';
  },
});

const app = express();
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});
app.use('/byo', byoExpress(engine));

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, (error) => {
  if (error) exitOnListenError(error, port); // Express 5 passes a listen error (a busy port) here
  const { port: listening } = server.address() as AddressInfo;
  console.log(`Model: ${model} at ${baseUrl}`);
  printCurl(`http://localhost:${listening}/byo`, token);
});

closeOnSignals(engine, () => {
  server.close();
  console.log(`cache: ${JSON.stringify(translate.stats())}`);
});
