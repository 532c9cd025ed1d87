// What Ajv compiles: the document's component schemas with their refs replaced by the schemas they name.
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/openapi/document.js';
import { inlineSchemaRefs } from '../../src/openapi/inline-schema-refs.js';

describe('inlineSchemaRefs', () => {
  it("leaves no ref in the document's schemas and keeps the document itself as it was", () => {
    const document = buildOpenApiDocument();
    const schemas = document.components!.schemas!;
    const before = JSON.stringify(schemas);
    const inlined = inlineSchemaRefs(schemas);
    expect(JSON.stringify(inlined)).not.toContain('$ref');
    expect(JSON.stringify(schemas)).toBe(before);
    expect(JSON.stringify(schemas)).toContain('$ref');
    expect((inlined.TranslateRequest as { properties: Record<string, unknown> }).properties.segments).toEqual({
      ...(schemas.TranslateRequest as { properties: Record<string, object> }).properties.segments,
      items: inlined.Segment,
    });
  });

  it('keeps a ref that would recurse', () => {
    const inlined = inlineSchemaRefs({ Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } } });
    expect(inlined.Node).toEqual({ type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } });
  });
});
