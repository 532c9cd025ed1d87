// The request limits on every adapter row: at the limit a request is served, one past it is a 400 naming the
// field (413 for the body size), with the defaults and with options; bad limit options stop the engine at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type ByoEngine } from 'byo-engine';
import { ApiClient } from '../behaviour/harness.js';
import { adapterRows, type RunningApp } from '../support/adapter-rows.js';
import { testEngine, translateBody } from '../support/test-engine.js';

const segmentOf = (text: string) => translateBody(2, { segments: [{ text: 'short' }, { text }] });
const glossaryOf = (entries: number) =>
  translateBody(1, { glossary: Array.from({ length: entries }, (_, index) => ({ term: `t${index}`, translation: `u${index}` })) });
const nestedMetadata = (levels: number) => translateBody(1, { metadata: { value: JSON.parse('['.repeat(levels) + ']'.repeat(levels)) } });

for (const row of adapterRows) {
  describe(`limits ${row.name}`, () => {
    const started: { engine: ByoEngine; app: RunningApp }[] = [];
    let defaults: ApiClient;
    let custom: ApiClient;
    beforeAll(async () => {
      for (const engine of [
        // The body-size case pads metadata up to the body limit: the metadata size limit (1 MiB) would answer first.
        testEngine({ limits: { maxMetadataBytes: DEFAULTS.maxBodyBytes } }),
        testEngine({ limits: { maxSegmentChars: 10, maxGlossaryEntries: 2, maxJsonDepth: 8, maxBodyBytes: 4096 } }),
      ]) {
        const app = await row.start(engine, { prefix: '/byo', hostBodyParser: false });
        started.push({ engine, app });
      }
      [defaults, custom] = started.map(({ engine, app }) => new ApiClient(engine, app.origin, '/byo'));
    });
    afterAll(async () => {
      for (const { engine, app } of started) {
        await engine.close({ graceMs: 0 });
        await app.close();
      }
    });

    it(`characters per segment: ${DEFAULTS.maxSegmentChars} by default, counted in code points, on sync and async`, async () => {
      const max = DEFAULTS.maxSegmentChars;
      expect((await defaults.translate(segmentOf('x'.repeat(max)))).segments).toHaveLength(2);
      expect((await defaults.translate(segmentOf('\u{1F600}'.repeat(max)))).segments).toHaveLength(2); // 2 UTF-16 units each
      for (const operationId of ['translateTexts', 'translateAsync'] as const) {
        const answer = await defaults.error(operationId, 400, { json: segmentOf('\u{1F600}'.repeat(max + 1)) });
        expect(answer.body.error).toBe(`segments/1/text must have at most ${max} characters (it has ${max + 1})`);
      }
      await custom.translate(segmentOf('x'.repeat(10)));
      expect((await custom.error('translateTexts', 400, { json: segmentOf('x'.repeat(11)) })).body.error).toBe(
        'segments/1/text must have at most 10 characters (it has 11)',
      );
    });

    it(`glossary entries: ${DEFAULTS.maxGlossaryEntries} by default`, async () => {
      const max = DEFAULTS.maxGlossaryEntries;
      await defaults.translate(glossaryOf(max));
      for (const operationId of ['translateTexts', 'translateAsync'] as const) {
        const answer = await defaults.error(operationId, 400, { json: glossaryOf(max + 1) });
        expect(answer.body.error).toBe(`glossary must have at most ${max} entries (it has ${max + 1})`);
      }
      await custom.translate(glossaryOf(2));
      expect((await custom.error('translateTexts', 400, { json: glossaryOf(3) })).body.error).toBe(
        'glossary must have at most 2 entries (it has 3)',
      );
    });

    it(`nesting depth: ${DEFAULTS.maxJsonDepth} levels by default, on every operation with a body`, async () => {
      // The body is level 1 and metadata level 2; each array from `value` inward adds one.
      const fits = DEFAULTS.maxJsonDepth - 2;
      expect((await defaults.translate(nestedMetadata(fits))).metadata).toEqual(nestedMetadata(fits).metadata);
      const tooDeep = `metadata is nested too deeply: at most ${DEFAULTS.maxJsonDepth} levels of objects and arrays are accepted`;
      for (const operationId of ['translateTexts', 'translateAsync', 'getLanguages', 'getStatus'] as const) {
        expect((await defaults.error(operationId, 400, { json: nestedMetadata(fits + 1) })).body.error).toBe(tooDeep);
      }
      await custom.translate(nestedMetadata(6));
      expect((await custom.error('translateTexts', 400, { json: nestedMetadata(7) })).body.error).toBe(
        'metadata is nested too deeply: at most 8 levels of objects and arrays are accepted',
      );
      // A text too short to nest past the limit skips the depth walk: the shortest one that can is still refused.
      const brackets = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));
      expect((await custom.error('translateTexts', 400, { json: brackets(9) })).body.error).toBe(
        '0 is nested too deeply: at most 8 levels of objects and arrays are accepted',
      );
      expect((await custom.error('translateTexts', 400, { json: brackets(8) })).body.error).not.toContain('nested too deeply');
    });

    it(`segments per request: 1 to ${DEFAULTS.maxSegments}, fixed by the contract`, async () => {
      expect((await defaults.translate(translateBody(DEFAULTS.maxSegments))).segments).toHaveLength(DEFAULTS.maxSegments);
      expect((await defaults.error('translateTexts', 400, { json: translateBody(DEFAULTS.maxSegments + 1) })).body.error).toBe(
        `segments must NOT have more than ${DEFAULTS.maxSegments} items`,
      );
      expect((await defaults.error('translateTexts', 400, { json: translateBody(0) })).body.error).toBe(
        'segments must NOT have fewer than 1 items',
      );
    });

    it(`body size: ${DEFAULTS.maxBodyBytes} bytes by default (413 past it)`, async () => {
      const padding = (bytes: number) => translateBody(1, { metadata: { padding: 'x'.repeat(bytes) } });
      const overhead = JSON.stringify(padding(0)).length;
      expect((await defaults.translate(padding(DEFAULTS.maxBodyBytes - overhead))).segments).toHaveLength(1);
      const answer = await defaults.error('translateTexts', 413, { json: padding(DEFAULTS.maxBodyBytes - overhead + 1) });
      expect(answer.body.error).toBe(`Request body is larger than the limit of ${DEFAULTS.maxBodyBytes} bytes`);
      await custom.error('translateTexts', 413, { json: padding(4096) });
    });
  });
}

describe('limit options', () => {
  it.each([
    [{ limits: { maxSegmentChars: 0 } }, 'byo-engine: limits.maxSegmentChars must be a whole number of at least 1'],
    [{ limits: { maxGlossaryEntries: -1 } }, 'byo-engine: limits.maxGlossaryEntries must be a whole number of at least 1'],
    [{ limits: { maxJsonDepth: Number.NaN } }, 'byo-engine: limits.maxJsonDepth must be a whole number of at least 1'],
    [{ jobs: { concurrency: Number.POSITIVE_INFINITY } }, 'byo-engine: jobs.concurrency must be a whole number of at least 1'],
    [{ jobs: { maxQueued: 2.5 } }, 'byo-engine: jobs.maxQueued must be a whole number of at least 1'],
    [{ jobs: { timeoutMs: 2 ** 31 } }, 'byo-engine: jobs.timeoutMs must be a positive number of milliseconds up to 2147483647'],
    [
      { sync: { timeoutMs: Number.POSITIVE_INFINITY } },
      'byo-engine: sync.timeoutMs must be a positive number of milliseconds up to 2147483647',
    ],
    [{ sync: { concurrency: 1.5 } }, 'byo-engine: sync.concurrency must be a positive integer'],
    [{ sync: { concurrency: Number.POSITIVE_INFINITY } }, 'byo-engine: sync.concurrency must be a positive integer'],
    [{ sync: { maxQueued: -1 } }, 'byo-engine: sync.maxQueued must be an integer of 0 or more'],
  ])('refuses %j at start', (options, message) => {
    expect(() => testEngine(options)).toThrow(message);
  });
});
