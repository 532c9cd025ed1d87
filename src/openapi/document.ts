import { OpenApiBuilder, type OpenAPIObject, type OperationObject } from 'openapi3-ts/oas30';
import { componentSchemas } from './schemas.js';
import { operationSpecs, type OperationSpec } from './operation-specs.js';

const API_TITLE = 'BYO Engine API';
/** The version of Phrase's BYO Engine API this package serves (`info.version` of the document). */
export const API_VERSION = '1.0.6';

const jobIdParameter = {
  name: 'id',
  in: 'path' as const,
  required: true,
  description: 'Unique identifier of the translation job',
  schema: { type: 'string' as const },
};

function buildOperation(spec: OperationSpec): OperationObject {
  const operation: OperationObject = {
    tags: [spec.tag],
    summary: spec.summary,
    operationId: spec.operationId,
    security: [{ OAuth2: [spec.scope] }, { ApiKeyAuth: [] }],
    responses: {
      '200': {
        description: spec.successDescription,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${spec.responseSchema}` } } },
      },
      '429': { $ref: '#/components/responses/Backoff' },
      default: { $ref: '#/components/responses/Error' },
    },
  };
  if (spec.requestSchema) {
    operation.requestBody = {
      required: spec.requestBodyRequired,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${spec.requestSchema}` } } },
    };
  }
  if (spec.path.includes('{id}')) operation.parameters = [jobIdParameter];
  return operation;
}

/** Builds Phrase's BYO Engine API document. Called once; the result drives routing, auth scopes and validation. */
export function buildOpenApiDocument(): OpenAPIObject {
  const builder = OpenApiBuilder.create()
    .addOpenApiVersion('3.0.3')
    .addTitle(API_TITLE)
    .addVersion(API_VERSION)
    .addDescription('A minimal BYO Engine machine translation API specification, served by byo-engine.')
    .addServer({ url: 'https://api.mtengine.example.com', description: 'Sample base URL for an external MT engine' })
    .addSecurityScheme('OAuth2', {
      type: 'oauth2',
      description: 'OAuth 2.0 for accessing the MT API.\nSupports client credentials (service-to-service).\n',
      flows: {
        clientCredentials: {
          tokenUrl: 'https://auth.example.com/oauth/token',
          scopes: Object.fromEntries(operationSpecs.map((spec) => [spec.scope, spec.scopeDescription])),
        },
      },
    })
    .addSecurityScheme('ApiKeyAuth', { type: 'apiKey', in: 'header', name: 'X-Api-Token' })
    .addResponse('Backoff', {
      description: 'Too many requests',
      headers: {
        'Retry-After': {
          description: 'Time in seconds before the client may retry the request',
          schema: { type: 'integer' },
        },
      },
    })
    .addResponse('Error', {
      description: 'Default response in case of any error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });

  for (const tag of new Set(operationSpecs.map((spec) => spec.tag))) builder.addTag({ name: tag });
  for (const [name, schema] of Object.entries(componentSchemas)) builder.addSchema(name, schema);
  for (const spec of operationSpecs) {
    builder.addPath(spec.path, { [spec.method]: buildOperation(spec) });
  }
  const document = builder.getSpec();
  document.security = [{ OAuth2: [] }, { ApiKeyAuth: [] }];
  return document;
}
