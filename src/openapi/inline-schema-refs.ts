import type { ReferenceObject, SchemaObject } from 'openapi3-ts/oas30';

type Schemas = Record<string, SchemaObject | ReferenceObject>;

const LOCAL_REF = '#/components/schemas/';

/**
 * The component schemas with every `#/components/schemas/...` ref replaced by the schema it names (refs in a
 * cycle stay refs). Ajv compiles a ref to a separate function called with an options object and a path string
 * per value; a 50-segment body made 50 such calls. Inlined, the segment checks run in the caller's loop.
 * The document itself keeps its refs: this copy is only what Ajv compiles.
 */
export function inlineSchemaRefs(schemas: Schemas): Schemas {
  const inlined: Schemas = {};
  for (const name of Object.keys(schemas)) inlined[name] = inline(schemas[name], schemas, [name]) as SchemaObject;
  return inlined;
}

function inline(value: unknown, schemas: Schemas, resolving: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => inline(item, schemas, resolving));
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as ReferenceObject).$ref;
  if (typeof ref === 'string' && ref.startsWith(LOCAL_REF) && Object.keys(value).length === 1) {
    const name = ref.slice(LOCAL_REF.length);
    if (!(name in schemas) || resolving.includes(name)) return value;
    return inline(schemas[name], schemas, [...resolving, name]);
  }
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) copy[key] = inline(member, schemas, resolving);
  return copy;
}
