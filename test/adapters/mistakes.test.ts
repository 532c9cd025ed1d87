// Mounting mistakes fail loudly and at once: an adapter given something that is not an engine throws when
// it is created; an adapter mounted without being called answers an error instead of hanging. A host body
// parser in front of the engine is named once in the engine's log, with the fix.
import { createServer } from 'node:http';
import express from 'express';
import Koa from 'koa';
import fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createByoEngine, type ByoEngine, type ByoEngineOptions } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import { byoFastify } from 'byo-engine/fastify';
import { byoFetch } from 'byo-engine/fetch';
import { byoKoa } from 'byo-engine/koa';
import { recordingLogger } from '../behaviour/harness.js';
import { adapterRows, listen } from '../support/adapter-rows.js';
import { API_TOKEN } from '../support/test-engine.js';

const notAnEngine = {} as unknown as ByoEngine;

describe('an adapter given something that is not an engine', () => {
  it('throws when it is created, naming what it got and the right call', () => {
    expect(() => byoExpress(notAnEngine)).toThrow(
      "byo-engine: the adapter needs the engine that createByoEngine() returns, got an empty object; write app.use('/byo', byoExpress(engine))",
    );
    expect(() => byoKoa(undefined as unknown as ByoEngine)).toThrow(
      /got undefined; write app\.use\(byoKoa\(engine, \{ prefix: '\/byo' \}\)\)/,
    );
    expect(() => byoFetch({ translate: () => [] } as unknown as ByoEngine)).toThrow(/got an object with translate; write app\.all/);
  });

  it('Fastify: registering without an engine fails the start-up', async () => {
    const app = fastify();
    await expect(app.register(byoFastify, { prefix: '/byo' } as never).ready()).rejects.toThrow(
      /got undefined; write await app\.register\(byoFastify, \{ engine, prefix: '\/byo' \}\)/,
    );
    await app.close();
  });
});

describe('an adapter mounted without being called', () => {
  const post = (url: string) => fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(10_000) });

  it("Express: app.use('/byo', byoExpress) answers 500 at once, naming the mistake, instead of hanging", async () => {
    const app = express();
    app.use('/byo', byoExpress as never);
    const errors: string[] = [];
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(error.message);
      res.status(500).json({ error: 'host error handler' });
    });
    const running = await listen(createServer(app));
    try {
      expect((await post(`${running.origin}/byo/status`)).status).toBe(500);
      expect(errors).toEqual([
        "byo-engine: the adapter was mounted itself instead of the middleware it returns; write app.use('/byo', byoExpress(engine))",
      ]);
    } finally {
      await running.close();
    }
  });

  it('Koa: app.use(byoKoa) answers 500 at once instead of hanging', async () => {
    const app = new Koa();
    app.silent = true;
    const errors: string[] = [];
    app.on('error', (error: Error) => errors.push(error.message));
    app.use(byoKoa as never);
    const handle = app.callback();
    const running = await listen(createServer((req, res) => void handle(req, res)));
    try {
      expect((await post(`${running.origin}/byo/status`)).status).toBe(500);
      expect(errors[0]).toMatch(/^byo-engine: the adapter was mounted itself instead of the middleware it returns/);
    } finally {
      await running.close();
    }
  });
});

describe('a host body parser in front of the engine', () => {
  const makeEngine = (logger: ByoEngineOptions['logger']) =>
    createByoEngine({
      translate: (request) => request.segments.map((segment) => segment.text),
      languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
      auth: { apiTokens: { phrase: API_TOKEN } },
      logger,
    });
  const translate = (base: string) =>
    fetch(`${base}/translate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-token': API_TOKEN },
      body: JSON.stringify({ sourceLanguage: 'en', targetLanguage: 'de', segments: [{ text: 'Hello' }] }),
    });

  for (const row of adapterRows) {
    for (const hostBodyParser of [true, false]) {
      // Fastify's plugin replaces the host's parsers in its scope; a Fetch host hands over an unread body;
      // the node-http row's host parser is express.json() in front of the listener, Nest's Express platform
      // its own JSON parser (Nest's Fastify platform is Fastify's plugin again).
      const parserReadFirst =
        hostBodyParser &&
        (row.name.startsWith('express') || row.name.startsWith('koa') || row.name === 'node-http' || row.name === 'nest-express');
      it(`${row.name}, ${hostBodyParser ? 'with' : 'without'} the host's parser: ${parserReadFirst ? 'one warning with the fix' : 'no warning'}`, async () => {
        const { logger, lines } = recordingLogger();
        const engine = makeEngine(logger);
        const app = await row.start(engine, { prefix: '/byo', hostBodyParser });
        try {
          for (let request = 0; request < 3; request++) expect((await translate(`${app.origin}/byo`)).status).toBe(200);
          const warnings = lines.filter((line) => line.level === 'warn');
          if (!parserReadFirst) {
            expect(warnings).toEqual([]);
            return;
          }
          expect(warnings).toHaveLength(1);
          expect(warnings[0].details).toEqual({ maxBodyBytes: 10 * 1024 * 1024 });
          expect(warnings[0].message).toMatch(
            /^a body parser of the host \(express\.json\(\), koa-bodyparser\.\.\.\) read the request body before byo-engine/,
          );
          expect(warnings[0].message).toContain(
            'mount byo-engine before the parser, or raise its limit to limits.maxBodyBytes (10485760 bytes)',
          );
        } finally {
          await app.close();
          await engine.close();
        }
      });
    }
  }
});
