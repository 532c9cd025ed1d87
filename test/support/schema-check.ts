import { expect } from 'vitest';
import { buildOpenApiDocument, SchemaValidators, type OperationId } from 'byo-engine';
import { readOperations } from '../../src/openapi/operations.js';

const document = buildOpenApiDocument();
const validators = new SchemaValidators(document);
const operations = new Map(readOperations(document).map((operation) => [operation.id, operation]));

/** Asserts that a response body is what the document promises: the 200 schema, or `Error` otherwise. */
export function expectMatchesSchema(operationId: OperationId, status: number, body: unknown): void {
  const operation = operations.get(operationId);
  if (!operation) throw new Error(`unknown operation ${operationId}`);
  const schemaRef = status === 200 ? operation.responseSchemaRef : '#/components/schemas/Error';
  expect(validators.check(schemaRef, body), `${operationId} ${status} body ${JSON.stringify(body).slice(0, 200)}`).toBeUndefined();
}

/** Asserts an error answer: the status, JSON content type, and `{ error: string }` body. */
export function expectErrorBody(body: unknown): asserts body is { error: string } {
  expect(validators.check('#/components/schemas/Error', body)).toBeUndefined();
  expect(Object.keys(body as object)).toEqual(['error']);
}
