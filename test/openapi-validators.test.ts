// src/generated/schema-validators.ts must be what `npm run gen:validators` writes, and judge as Ajv does at run time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, readOperations, SchemaValidators } from 'byo-engine';
import { precompiledValidators } from '../src/generated/schema-validators.js';
import { renderSchemaValidators } from '../scripts/render-schema-validators.js';
import { translateBody } from './support/test-engine.js';

const document = buildOpenApiDocument();

describe('validators compiled ahead of time', () => {
  it('src/generated/schema-validators.ts is up to date with the document (run `npm run gen:validators` if not)', () => {
    const committed = readFileSync(new URL('../src/generated/schema-validators.ts', import.meta.url), 'utf8');
    expect(committed, 'src/generated/schema-validators.ts is stale: run npm run gen:validators').toBe(renderSchemaValidators());
  });

  it('cover every schema of the document, so the engine never compiles at run time', () => {
    const refs = Object.keys(document.components?.schemas ?? {}).map((name) => `#/components/schemas/${name}`);
    expect(Object.keys(precompiledValidators).sort()).toEqual(refs.sort());
    for (const operation of readOperations(document)) {
      if (operation.requestSchemaRef) expect(Object.keys(precompiledValidators)).toContain(operation.requestSchemaRef);
    }
  });

  it('give the same verdict and message as validators compiled at run time', () => {
    const ahead = new SchemaValidators(document, precompiledValidators);
    const atRunTime = new SchemaValidators(document);
    const ref = '#/components/schemas/TranslateRequest';
    const bodies: unknown[] = [
      translateBody(2),
      translateBody(500),
      translateBody(501),
      translateBody(0),
      { sourceLanguage: 'en' },
      { ...translateBody(1), segments: [{ idx: '0', text: 7 }] },
      { ...translateBody(1), glossary: [{ term: 'a' }] },
      'not an object',
    ];
    for (const body of bodies) expect(ahead.check(ref, body)).toBe(atRunTime.check(ref, body));
    expect(ahead.check(ref, translateBody(501))).toBe('segments must NOT have more than 500 items');
    expect(ahead.check('#/components/schemas/StatusResponse', { status: 'maybe' })).toBe(
      'status must be equal to one of the allowed values: ok, not_ok',
    );
  });
});
