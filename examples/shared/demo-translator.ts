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

function tagSegments(request: TranslateRequest): string[] {
  return request.segments.map((segment) => {
    let text = segment.text;
    for (const entry of request.glossary ?? []) text = text.split(entry.term).join(entry.translation);
    return `[${request.targetLanguage}] ${text}`;
  });
}

/**
 * A STAND-IN for a real machine-translation engine: it "translates" by tagging each segment with the
 * target language and applying the request's glossary, so that answers are visible and deterministic.
 * Replace it with a call to your engine.
 */
export const demoTranslate: TranslateFunction = (request, context) => {
  if (demoDelayMsPerSegment <= 0) return tagSegments(request);
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

/** Prints how to call the demo server. */
export function printCurl(baseUrl: string, token: string): void {
  console.log(`BYO Engine API on ${baseUrl}`);
  console.log(
    `Try: curl -s -X POST ${baseUrl}/translate -H 'Content-Type: application/json' -H 'X-Api-Token: ${token}' ` +
      `-d '{"sourceLanguage":"en","targetLanguage":"de","segments":[{"idx":"1","text":"Hello world"}]}'`,
  );
}
