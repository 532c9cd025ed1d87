import type { LanguagePair, TranslateFunction, TranslateRequest } from 'byo-engine';

/**
 * DEMO ONLY, for trying timeouts, overload and shutdown by hand (and for the shutdown test): with
 * DEMO_DELAY_MS set, the demo translator waits that many milliseconds per segment before answering,
 * and stops early when its AbortSignal fires, as a real engine call should. Unset: it answers at once.
 */
// `globalThis.process` is absent on Workers without `nodejs_compat`.
const demoDelayMsPerSegment = Number(globalThis.process?.env.DEMO_DELAY_MS ?? 0) || 0;

/** Waits `ms`, or rejects with the signal's reason when it fires first (Web timers only: every runtime has them). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
  });
}

/**
 * Replaces glossary terms in one pass, longest term first, so that a translation is never replaced again
 * (applying entries one after the other lets `a -> aa` entries double the text each time). Empty terms
 * are skipped: the engine drops them already, but this function may be reused elsewhere.
 */
function glossaryReplacer(request: TranslateRequest): (text: string) => string {
  const translations = new Map<string, string>();
  for (const entry of request.glossary ?? [])
    if (entry.term !== '' && !translations.has(entry.term)) translations.set(entry.term, entry.translation);
  if (translations.size === 0) return (text) => text;
  const terms = [...translations.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu');
  return (text) => text.replace(pattern, (term) => translations.get(term)!);
}

function tagSegments(request: TranslateRequest): string[] {
  const applyGlossary = glossaryReplacer(request);
  return request.segments.map((segment) => `[${request.targetLanguage}] ${applyGlossary(segment.text)}`);
}

/**
 * A STAND-IN for a real machine-translation engine: it "translates" by tagging each segment with the
 * target language and applying the request's glossary, so that answers are visible and deterministic.
 * Replace it with a call to your engine.
 */
export const demoTranslate: TranslateFunction = (request, context) => {
  if (demoDelayMsPerSegment <= 0) return tagSegments(request);
  // With the delay on, each call says when it starts, so you (and the shutdown test) can see what is in flight.
  console.log(`demo translator: ${request.segments.length} segments (${context.mode}), ${demoDelayMsPerSegment} ms each`);
  return delay(demoDelayMsPerSegment * request.segments.length, context.signal).then(() => tagSegments(request));
};

export const demoLanguages: LanguagePair[] = [
  { sourceLanguage: 'en', targetLanguage: 'de' },
  { sourceLanguage: 'en', targetLanguage: 'fr' },
  { sourceLanguage: 'en', targetLanguage: 'es' },
  { sourceLanguage: 'de', targetLanguage: 'en' },
];

/** The API token from BYO_API_TOKEN, or a fixed demo token announced on start (never use it in production). */
export function demoApiToken(): string {
  const token = globalThis.process?.env.BYO_API_TOKEN;
  if (token) return token;
  console.warn('BYO_API_TOKEN is not set: using the demo token "demo-token-change-me" (for local trials only)');
  return 'demo-token-change-me';
}

/**
 * Prints how to call the demo server. A token from BYO_API_TOKEN is a real secret: the line names the variable
 * (the shell fills it in) and never prints its value; only the public demo token is printed as it is.
 */
export function printCurl(baseUrl: string, token: string): void {
  const header = token === process.env.BYO_API_TOKEN ? '"X-Api-Token: $BYO_API_TOKEN"' : `'X-Api-Token: ${token}'`;
  console.log(`BYO Engine API on ${baseUrl}`);
  console.log(
    `Try: curl -s -X POST ${baseUrl}/translate -H 'Content-Type: application/json' -H ${header} ` +
      `-d '{"sourceLanguage":"en","targetLanguage":"de","segments":[{"idx":"1","text":"Hello world"}]}'`,
  );
}
