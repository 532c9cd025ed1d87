import type { TranslateRequest, TranslateResponse } from '../src/index.js';

const MAX_LISTED = 3;

/**
 * What Phrase relies on in a translate answer beyond its schema: the pair echoed, one segment per
 * request segment, in request order, each with its `idx` and `text` echoed.
 */
export function segmentProblems(request: TranslateRequest, response: TranslateResponse): string[] {
  const problems: string[] = [];
  if (response.sourceLanguage !== request.sourceLanguage) {
    problems.push(`sourceLanguage is "${response.sourceLanguage}", expected "${request.sourceLanguage}"`);
  }
  if (response.targetLanguage !== request.targetLanguage) {
    problems.push(`targetLanguage is "${response.targetLanguage}", expected "${request.targetLanguage}"`);
  }
  if (response.segments.length !== request.segments.length) {
    problems.push(`${response.segments.length} segments, expected ${request.segments.length}`);
    return problems;
  }
  const mismatches: string[] = [];
  request.segments.forEach((sent, index) => {
    const answered = response.segments[index];
    if (sent.idx !== undefined && answered.idx !== sent.idx) {
      mismatches.push(
        `segments/${index}/idx is ${answered.idx === undefined ? 'missing' : JSON.stringify(answered.idx)}, expected ${JSON.stringify(sent.idx)}`,
      );
    } else if (answered.text !== sent.text) {
      mismatches.push(`segments/${index}/text does not echo the request text ${JSON.stringify(sent.text.slice(0, 40))}`);
    }
  });
  problems.push(...mismatches.slice(0, MAX_LISTED));
  if (mismatches.length > MAX_LISTED) problems.push(`and ${mismatches.length - MAX_LISTED} more segments out of order or not echoed`);
  return problems;
}
