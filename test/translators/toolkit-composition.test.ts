import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TranslateRequest, type TranslateResponse } from 'byo-engine';
import { batched, cached, withRetry, type CachedTranslateFunction } from 'byo-engine/translators';
import { byoExpress } from 'byo-engine/express';
import { libreTranslateTranslator } from 'byo-engine/translators/libretranslate';
import { AUTH_HEADERS, testEngine } from '../support/test-engine.js';
import { recordingSleep, startFakeEngine, type FakeEngine } from './fake-engine.js';

interface LibreBody {
  q: string[];
  source: string;
  target: string;
}

const MAX_SEGMENTS = 40;
const UNIQUE = 250;

/** 500 segments: 250 distinct texts, each twice, spread through the request (a fixed shuffle). */
function requestWithRepeats(): TranslateRequest {
  const texts = Array.from({ length: UNIQUE * 2 }, (_, index) => `sentence number ${index % UNIQUE}`);
  for (let index = texts.length - 1; index > 0; index--) {
    const other = (index * 7919) % (index + 1);
    [texts[index], texts[other]] = [texts[other], texts[index]];
  }
  return { sourceLanguage: 'en', targetLanguage: 'de', segments: texts.map((text, index) => ({ idx: `s${index}`, text })) };
}

describe('batched + cached + withRetry in front of an engine, through POST /translate', () => {
  let engineServer: FakeEngine<LibreBody>;
  let host: Server;
  let origin: string;
  let translate: CachedTranslateFunction;
  const rateLimited: unknown[] = [];

  beforeAll(async () => {
    engineServer = await startFakeEngine<LibreBody>((call) => {
      if (engineServer.calls.length === 3 && rateLimited.length === 0) {
        rateLimited.push(call);
        return { status: 429, headers: { 'retry-after': '1' }, body: { error: 'Slowdown: 30 per 1 minute' } };
      }
      return { body: { translatedText: call.body.q.map((text) => `de:${text}`) } };
    });
    translate = cached(
      batched(withRetry(libreTranslateTranslator({ baseUrl: engineServer.url }), { sleep: recordingSleep().sleep }), {
        maxSegments: MAX_SEGMENTS,
        concurrency: 3,
      }),
    );
    const app = express();
    app.use('/byo', byoExpress(testEngine({ translate })));
    host = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => host.once('listening', resolve));
    origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    host.closeAllConnections();
    await new Promise((resolve) => host.close(resolve));
    await engineServer.close();
  });

  const post = async (body: TranslateRequest) => {
    const response = await fetch(`${origin}/byo/translate`, {
      method: 'POST',
      headers: { ...AUTH_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as TranslateResponse;
  };

  it('translates 500 segments with 50% repeats in the fewest engine calls, batches within the limit, in order', async () => {
    const request = requestWithRepeats();
    const answer = await post(request);

    expect(answer.segments).toEqual(request.segments.map(({ idx, text }) => ({ idx, text, translatedText: `de:${text}` })));

    // One rejected call (429) plus ceil(250 / 40) = 7 batches of the 250 distinct texts.
    const served = engineServer.calls.filter((call) => !rateLimited.includes(call));
    expect(rateLimited).toHaveLength(1);
    expect(engineServer.calls).toHaveLength(8);
    expect(served.every((call) => call.body.q.length <= MAX_SEGMENTS)).toBe(true);
    const sent = served.flatMap((call) => call.body.q);
    expect(sent).toHaveLength(UNIQUE);
    expect(new Set(sent).size).toBe(UNIQUE);
    expect(translate.stats()).toEqual({ hits: 0, misses: 500, translated: UNIQUE, storeErrors: 0 });
  });

  it('answers the same request again without calling the engine', async () => {
    const before = engineServer.calls.length;
    const request = requestWithRepeats();
    const answer = await post(request);
    expect(answer.segments.map((segment) => segment.translatedText)).toEqual(request.segments.map(({ text }) => `de:${text}`));
    expect(engineServer.calls.length).toBe(before);
    expect(translate.stats().hits).toBe(500);
  });
});
