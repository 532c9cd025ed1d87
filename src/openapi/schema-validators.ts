import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { OpenAPIObject } from 'openapi3-ts/oas30';
import { inlineSchemaRefs } from './inline-schema-refs.js';

const DOCUMENT_ID = 'byo-engine-openapi';

/**
 * The Ajv instance the document's schemas are compiled with, at run time or ahead of time
 * (`code` for scripts/render-schema-validators.ts).
 */
export function schemaValidatorAjv(document: OpenAPIObject, code?: { source: true; esm: true }): Ajv {
  // Fail fast on the first error: bounded work for hostile bodies, and one clear message.
  const ajv = new Ajv({ allErrors: false, strict: true, ...(code ? { code } : {}) });
  ajv.addKeyword('example');
  ajv.addVocabulary(['components']);
  ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: inlineSchemaRefs(document.components?.schemas ?? {}) } });
  return ajv;
}
schemaValidatorAjv.DOCUMENT_ID = DOCUMENT_ID;

/**
 * Validators for `#/components/schemas/...` refs of the document, each made once: taken from
 * `precompiled` (validators Ajv compiled ahead of time from the same document) when there, else compiled
 * here. Ajv itself is only set up for the first one compiled here: compiling generates code with
 * `new Function`, which Workers forbid.
 */
export class SchemaValidators {
  private ajv: Ajv | undefined;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly document: OpenAPIObject,
    precompiled: Readonly<Record<string, ValidateFunction>> = {},
  ) {
    for (const [ref, validate] of Object.entries(precompiled)) this.compiled.set(ref, validate);
  }

  /** The validator for a `#/components/schemas/Name` ref. */
  validator(schemaRef: string): ValidateFunction {
    let validate = this.compiled.get(schemaRef);
    if (!validate) {
      this.ajv ??= schemaValidatorAjv(this.document);
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${schemaRef}` });
      this.compiled.set(schemaRef, validate);
    }
    return validate;
  }

  /** Returns `undefined` when `value` matches the schema, else a message naming the field and the rule. */
  check(schemaRef: string, value: unknown): string | undefined {
    const validate = this.validator(schemaRef);
    return validate(value) ? undefined : describeSchemaError(validate.errors?.[0]);
  }
}

/** `segments/3/text must be string`, or `body must have required property 'segments'`. */
export function describeSchemaError(error: ErrorObject | undefined): string {
  if (!error) return 'body is invalid';
  const field = error.instancePath ? error.instancePath.slice(1) : 'body';
  const allowed = error.keyword === 'enum' ? `: ${(error.params.allowedValues as unknown[]).join(', ')}` : '';
  return `${field} ${error.message ?? 'is invalid'}${allowed}`;
}
