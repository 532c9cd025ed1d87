import type { OpenAPIObject, ReferenceObject, SecurityRequirementObject } from 'openapi3-ts/oas30';

/** The `operationId`s of the six operations of the API. */
export type OperationId =
  'getLanguages' | 'getStatus' | 'translateTexts' | 'translateAsync' | 'translateAsyncStatus' | 'translateAsyncResult';

/** One operation of the API as the engine routes, authorises and validates it, read from the document. */
export interface Operation {
  readonly id: OperationId;
  readonly method: 'GET' | 'POST';
  /** Path template, such as `/translateAsyncStatus/{id}`. */
  readonly path: string;
  /** The OAuth2 scope this operation requires (from its `security`). */
  readonly scope: string;
  /** `$ref` of the request body's schema, when the operation has a body. */
  readonly requestSchemaRef?: string;
  readonly requestBodyRequired: boolean;
  /** `$ref` of the 200 response's schema. */
  readonly responseSchemaRef: string;
}

const jsonSchemaRef = (content: unknown): string | undefined =>
  (content as { 'application/json'?: { schema?: ReferenceObject } } | undefined)?.['application/json']?.schema?.$ref;

function oauthScope(security: SecurityRequirementObject[] | undefined, operationId: string): string {
  const scope = security?.find((requirement) => requirement.OAuth2)?.OAuth2?.[0];
  if (!scope) throw new Error(`operation ${operationId} has no OAuth2 scope in its security`);
  return scope;
}

/** Reads the operations out of the document, so that routes and scopes cannot drift from it. */
export function readOperations(document: OpenAPIObject): Operation[] {
  const operations: Operation[] = [];
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    for (const method of ['get', 'post'] as const) {
      const operation = pathItem[method];
      if (!operation?.operationId) continue;
      const body = operation.requestBody as { required?: boolean; content?: unknown } | undefined;
      const success = operation.responses['200'] as { content?: unknown };
      const responseSchemaRef = jsonSchemaRef(success.content);
      if (!responseSchemaRef) throw new Error(`operation ${operation.operationId} has no JSON 200 schema`);
      operations.push({
        id: operation.operationId as OperationId,
        method: method.toUpperCase() as 'GET' | 'POST',
        path,
        scope: oauthScope(operation.security, operation.operationId),
        requestSchemaRef: jsonSchemaRef(body?.content),
        requestBodyRequired: body?.required === true,
        responseSchemaRef,
      });
    }
  }
  return operations;
}
