import type { SchemaObject } from 'openapi3-ts/oas30';

/**
 * The component schemas of Phrase's BYO Engine API 1.0.6. This is the one place they are written;
 * validators and the TypeScript types in `../generated/api-types.ts` are derived from them.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const componentSchemas: Record<string, SchemaObject> = {
  Metadata: {
    type: 'object',
    description: 'Any custom data in form of key/value pairs',
    additionalProperties: true,
    example: { formality: 'informal', model: 'model123', domain: 'legal', customKey: 'customValue' },
  },
  Locale: { type: 'string', description: 'Phrase locale code', example: 'en' },
  StatusRequest: { type: 'object', properties: { metadata: ref('Metadata') } },
  StatusResponse: {
    type: 'object',
    required: ['status'],
    properties: {
      status: {
        type: 'string',
        description: "Engine status codes, 'ok' for fully operational, 'not_ok' for others (e.g. warm-up...)",
        enum: ['ok', 'not_ok'],
      },
    },
    example: { status: 'ok' },
  },
  LanguagesRequest: { type: 'object', properties: { metadata: ref('Metadata') } },
  LanguagesResponse: {
    type: 'object',
    required: ['languagePairs'],
    properties: { languagePairs: { type: 'array', items: ref('LanguagePair') } },
    example: { languagePairs: [{ sourceLanguage: 'en', targetLanguage: 'es' }] },
  },
  LanguagePair: {
    type: 'object',
    required: ['sourceLanguage', 'targetLanguage'],
    properties: { sourceLanguage: ref('Locale'), targetLanguage: ref('Locale') },
  },
  TranslateRequest: {
    type: 'object',
    required: ['sourceLanguage', 'targetLanguage', 'segments'],
    properties: {
      sourceLanguage: ref('Locale'),
      targetLanguage: ref('Locale'),
      segments: { type: 'array', minItems: 1, maxItems: 500, items: ref('Segment') },
      glossary: {
        type: 'array',
        description: 'Ad-hoc glossary (term -> translation pairs)',
        items: ref('GlossaryEntry'),
      },
      metadata: ref('Metadata'),
    },
  },
  Segment: {
    type: 'object',
    required: ['text'],
    properties: {
      idx: { type: 'string', description: 'Segment identifier; echo it back in the response' },
      text: { type: 'string' },
      metadata: ref('Metadata'),
    },
  },
  GlossaryEntry: {
    type: 'object',
    required: ['term', 'translation'],
    properties: { term: { type: 'string' }, translation: { type: 'string' } },
  },
  TranslateResponse: {
    type: 'object',
    required: ['sourceLanguage', 'targetLanguage', 'segments'],
    properties: {
      sourceLanguage: ref('Locale'),
      targetLanguage: ref('Locale'),
      segments: { type: 'array', items: ref('TranslatedSegment') },
      metadata: ref('Metadata'),
    },
  },
  TranslatedSegment: {
    type: 'object',
    required: ['text', 'translatedText'],
    properties: {
      idx: { type: 'string' },
      text: { type: 'string' },
      translatedText: { type: 'string' },
      metadata: ref('Metadata'),
    },
  },
  TranslateAsyncResponse: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', description: 'Unique identifier of the translation job' } },
  },
  TranslateAsyncStatusResponse: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['running', 'done', 'failed'] },
      detail: { type: 'string', example: 'Description of translation failure' },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'string', example: 'Unauthorized, Invalid token' } },
  },
};
