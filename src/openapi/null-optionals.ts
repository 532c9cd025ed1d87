import type { OpenAPIObject, ReferenceObject, SchemaObject } from 'openapi3-ts/oas30';

/**
 * Where a request schema has optional properties, down the properties and array items that lead to them.
 * `Metadata` (free-form) has none: a `null` inside it is the caller's data and stays.
 */
interface NullPlan {
  /** Optional properties of this object: a `null` there means "absent". */
  readonly optional: readonly string[];
  /** Properties whose value holds optional properties further down. */
  readonly nested: readonly (readonly [string, NullPlan])[];
  /** For an array: the plan of its items. */
  readonly items?: NullPlan;
}

type Schema = SchemaObject | ReferenceObject;

/**
 * Drops `null` optional properties from request bodies before validation, so that `"glossary": null`
 * or `"idx": null` (as Java/Jackson senders write absent fields) mean "absent" rather than a 400. The plans
 * come from the document's schemas, built once; per request it reads only the properties the plan names.
 */
export class NullOptionals {
  private readonly plans = new Map<string, NullPlan | undefined>();

  constructor(private readonly document: OpenAPIObject) {}

  /** Removes `null` optional properties from `body` in place, following the schema `schemaRef` points to. */
  strip(schemaRef: string, body: unknown): void {
    const plan = this.planFor(schemaRef);
    if (plan) applyPlan(plan, body);
  }

  /** The plan for `#/components/schemas/Name`, built on first use (call it at start-up). */
  planFor(schemaRef: string): NullPlan | undefined {
    if (!this.plans.has(schemaRef)) this.plans.set(schemaRef, this.build({ $ref: schemaRef }, new Set<string>()));
    return this.plans.get(schemaRef);
  }

  private build(schema: Schema, seen: ReadonlySet<string>): NullPlan | undefined {
    let resolved: SchemaObject | undefined;
    let branch = seen;
    if ('$ref' in schema) {
      if (seen.has(schema.$ref)) return undefined; // a cycle: the outer walk covers it
      resolved = this.document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] as SchemaObject | undefined;
      branch = new Set([...seen, schema.$ref]);
    } else resolved = schema;
    if (!resolved) return undefined;
    if (resolved.type === 'array' && resolved.items) {
      const items = this.build(resolved.items, branch);
      return items && { optional: [], nested: [], items };
    }
    const properties = Object.entries(resolved.properties ?? {});
    const required = new Set(resolved.required ?? []);
    const optional = properties.flatMap(([name]) => (required.has(name) ? [] : [name]));
    const nested = properties.flatMap(([name, child]) => {
      const plan = this.build(child, branch);
      return plan ? [[name, plan] as const] : [];
    });
    return optional.length > 0 || nested.length > 0 ? { optional, nested } : undefined;
  }
}

function applyPlan(plan: NullPlan, value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (plan.items) for (let index = 0; index < value.length; index++) applyPlan(plan.items, value[index]);
    return;
  }
  const record = value as Record<string, unknown>;
  for (let index = 0; index < plan.optional.length; index++) {
    const name = plan.optional[index];
    if (record[name] === null && Object.hasOwn(record, name)) delete record[name];
  }
  for (let index = 0; index < plan.nested.length; index++) applyPlan(plan.nested[index][1], record[plan.nested[index][0]]);
}
