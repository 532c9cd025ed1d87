// fast-check arbitraries derived from the document's component schemas: valid bodies come from the
// same schemas the engine validates against, never from a hand-written copy of them.
import fc from 'fast-check';
import type { OpenAPIObject, ReferenceObject, SchemaObject } from 'openapi3-ts/oas30';

/** Arbitraries that replace what the schema would generate, by property name (`sourceLanguage`, `text`...). */
export type Overrides = Readonly<Record<string, fc.Arbitrary<unknown>>>;

export interface SchemaArbitraryOptions {
  overrides?: Overrides;
  /** Upper bound for arrays whose schema allows more (keeps runs fast). Default 8. */
  maxItems?: number;
}

const isReference = (schema: SchemaObject | ReferenceObject): schema is ReferenceObject => '$ref' in schema;

/** Text as Phrase sends it: any Unicode, emoji and combining marks included. */
export const anyText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: 'binary', maxLength }));

/** Free-form metadata values, a few levels deep. */
const freeForm = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

/** An arbitrary of values valid against `#/components/schemas/<name>` of `document`. */
export function schemaArbitrary(document: OpenAPIObject, name: string, options: SchemaArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject | ReferenceObject>;
  const maxItems = options.maxItems ?? 8;
  const overrides = options.overrides ?? {};

  const build = (schema: SchemaObject | ReferenceObject): fc.Arbitrary<unknown> => {
    if (isReference(schema)) {
      const target = schemas[schema.$ref.replace('#/components/schemas/', '')];
      if (!target) throw new Error(`unknown schema ${schema.$ref}`);
      return build(target);
    }
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        return anyText();
      case 'integer':
        return fc.integer();
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const min = schema.minItems ?? 0;
        const max = Math.max(min, Math.min(schema.maxItems ?? maxItems, maxItems));
        return fc.array(build(schema.items ?? {}), { minLength: min, maxLength: max });
      }
      case 'object': {
        const properties = schema.properties ?? {};
        if (Object.keys(properties).length === 0) return schema.additionalProperties ? freeForm : fc.constant({});
        const model = Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, overrides[key] ?? build(child)]));
        return fc.record(model, { requiredKeys: schema.required ?? [] });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  };
  const root = schemas[name];
  if (!root) throw new Error(`unknown schema ${name}`);
  return build(root);
}
