import { createHash, timingSafeEqual } from 'node:crypto';
import { Ajv } from 'ajv';
import type { OpenAPIObject } from 'openapi3-ts/oas30';
import { DEFAULTS, type TranslateRequest } from '../../src/index.js';
import { BENCH_TOKEN } from '../shared/workload.js';

// The second baseline: what a careful team writes by hand for the same safety as the engine. The API
// token compared in constant time, the body within the same size limit, validated by ajv against the same
// OpenAPI schema (taken from the engine's document, never restated), and the same segment and glossary
// limits. No routing table, language-pair check, JSON depth check, deadline or concurrency limit.

/** The hand-written-safe routes, below `/safe` on every host. */
export const SAFE_PREFIX = '/safe';
/** The body limit the hosts' parsers get, the engine's default. */
export const SAFE_BODY_LIMIT = DEFAULTS.maxBodyBytes;

export interface SafeChecks {
  /** Whether the `X-Api-Token` header holds the token (SHA-256 of both, compared in constant time). */
  tokenOk(header: string | string[] | undefined): boolean;
  /** What is wrong with a parsed `/translate` body (schema, limits), or `undefined`. */
  translateBodyProblem(body: unknown): string | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Compiles the checks once, from the engine's own OpenAPI document. */
export function createSafeChecks(document: OpenAPIObject): SafeChecks {
  const expected = sha256(BENCH_TOKEN);
  const ajv = new Ajv({ allErrors: false, strict: true });
  ajv.addKeyword('example');
  ajv.addVocabulary(['components']);
  ajv.addSchema({ $id: 'api', components: { schemas: document.components?.schemas ?? {} } });
  const validateTranslate = ajv.compile<TranslateRequest>({ $ref: 'api#/components/schemas/TranslateRequest' });
  return {
    tokenOk(header) {
      const token = Array.isArray(header) ? header[0] : header;
      return typeof token === 'string' && timingSafeEqual(sha256(token), expected);
    },
    translateBodyProblem(body) {
      if (!validateTranslate(body)) return ajv.errorsText(validateTranslate.errors);
      if ((body.glossary?.length ?? 0) > DEFAULTS.maxGlossaryEntries) return 'too many glossary entries';
      for (const segment of body.segments) if (segment.text.length > DEFAULTS.maxSegmentChars) return 'segment too long';
      return undefined;
    },
  };
}
