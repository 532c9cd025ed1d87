import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { OpenAPIObject } from 'openapi3-ts/oas30';

const DOCUMENT_ID = 'byo-engine-openapi';

/** Compiles JSON-schema validators for `#/components/schemas/...` refs of the document, each once. */
export class SchemaValidators {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenAPIObject) {
    // Fail fast on the first error: bounded work for hostile bodies, and one clear message.
    this.ajv = new Ajv({ allErrors: false, strict: true });
    this.ajv.addKeyword('example');
    this.ajv.addVocabulary(['components']);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: document.components?.schemas ?? {} } });
  }

  /** The validator for a `#/components/schemas/Name` ref. */
  validator(schemaRef: string): ValidateFunction {
    let validate = this.compiled.get(schemaRef);
    if (!validate) {
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
