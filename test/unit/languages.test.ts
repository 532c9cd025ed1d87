// The Languages cache: a loader function is called once per cache period, and a failed load is not kept.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createByoEngine, type LanguagePair } from 'byo-engine';
import { Languages } from '../../src/languages.js';
import { recordingLogger } from '../behaviour/harness.js';
import { expectErrorBody } from '../support/schema-check.js';

const PAIRS: LanguagePair[] = [
  { sourceLanguage: 'en', targetLanguage: 'de' },
  { sourceLanguage: 'de_ch', targetLanguage: 'fr' },
];

beforeEach(() => {
  // Only Date is faked: the cache reads Date.now(); promises and timers stay real.
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Languages', () => {
  it('calls an async loader once for concurrent and repeated requests within cacheMs, then again', async () => {
    const loader = vi.fn(async () => PAIRS);
    const languages = new Languages(loader, 1_000);
    const answers = await Promise.all([languages.list(), languages.covers('en', 'de'), languages.list()]);
    expect(answers).toEqual([PAIRS, true, PAIRS]);
    vi.advanceTimersByTime(999);
    await languages.list();
    expect(loader).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    await languages.list();
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed load: the next request loads again', async () => {
    const loader = vi.fn<() => Promise<LanguagePair[]>>().mockRejectedValueOnce(new Error('catalog down')).mockResolvedValue(PAIRS);
    const languages = new Languages(loader, 60_000);
    await expect(languages.list()).rejects.toThrow('catalog down');
    expect(await languages.list()).toEqual(PAIRS);
    expect(await languages.list()).toEqual(PAIRS);
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('also accepts a synchronous loader, and a loader that throws', async () => {
    let calls = 0;
    const languages = new Languages(() => {
      calls++;
      if (calls === 1) throw new Error('not yet');
      return PAIRS;
    }, 60_000);
    await expect(languages.covers('en', 'de')).rejects.toThrow('not yet');
    expect(await languages.covers('en', 'de')).toBe(true);
  });

  it('never calls anything for a fixed list', async () => {
    const languages = new Languages(PAIRS, 1);
    expect(await languages.list()).toBe(PAIRS);
  });

  it('covers a sub-locale by its top-level code, on either side, in any case and with - or _', async () => {
    const languages = new Languages(PAIRS, 60_000);
    for (const [source, target] of [
      ['en', 'de'],
      ['en_us', 'de'],
      ['EN-gb', 'de_AT'],
      ['de_ch', 'fr_ca'],
    ]) {
      expect(await languages.covers(source, target), `${source} -> ${target}`).toBe(true);
    }
    for (const [source, target] of [
      ['de', 'fr'],
      ['de_at', 'fr'],
      ['de', 'en'],
      ['english', 'de'],
    ]) {
      expect(await languages.covers(source, target), `${source} -> ${target}`).toBe(false);
    }
  });
});

describe('languages checked against the LanguagePair schema', () => {
  it('refuses to start with a malformed fixed list, naming the entry and the rule', () => {
    const languages = [{ sourceLanguage: 'en', targetLanguage: 'de' }, { sourceLanguage: 'en' }] as LanguagePair[];
    expect(() => createByoEngine({ translate: () => [], languages, auth: false })).toThrow(
      "byo-engine: options.languages is invalid: languages[1] must have required property 'targetLanguage'",
    );
  });

  it('answers a 500 (never a malformed /languages answer) when a loader returns bad pairs, and logs why', async () => {
    const { logger, lines } = recordingLogger();
    const engine = createByoEngine({
      translate: () => [],
      languages: async () => [{ sourceLanguage: 'en', targetLanguage: 42 }] as unknown as LanguagePair[],
      auth: false,
      logger,
    });
    const answer = await engine.handle({ method: 'POST', path: '/languages', headers: {} });
    expect(answer.status).toBe(500);
    expectErrorBody(JSON.parse(answer.body));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        details: {
          err: expect.objectContaining({
            message: 'byo-engine: options.languages is invalid: languages[0].targetLanguage must be string',
          }),
        },
      }),
    );
    await engine.close();
  });
});
