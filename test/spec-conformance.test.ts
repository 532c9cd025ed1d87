// The document built in code must say what Phrase's published contract says (../shared/spec/phrase-byo-mt.yaml).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildOpenApiDocument } from 'byo-engine';

type Json = Record<string, unknown>;

const DEFAULT_SPEC_PATH = fileURLToPath(new URL('../../shared/spec/phrase-byo-mt.yaml', import.meta.url));

function loadSpec(): Json {
  const specPath = process.env.BYO_SPEC_PATH ? resolve(process.env.BYO_SPEC_PATH) : DEFAULT_SPEC_PATH;
  if (!existsSync(specPath)) {
    throw new Error(
      `The BYO Engine contract was not found at ${specPath}. Put phrase-byo-mt.yaml at ../shared/spec/ ` +
        'next to the repository, or point BYO_SPEC_PATH at it. This test cannot pass without it.',
    );
  }
  return parse(readFileSync(specPath, 'utf8')) as Json;
}

const spec = loadSpec();
const built = JSON.parse(JSON.stringify(buildOpenApiDocument())) as Json;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follows a local `$ref` (`#/components/...`) inside `document`. */
function deref(document: Json, value: unknown): Json {
  let current = value as Json;
  for (let hops = 0; typeof current?.$ref === 'string'; hops++) {
    if (hops > 10) throw new Error(`$ref loop at ${String(current.$ref)}`);
    const path = current.$ref.replace(/^#\//, '').split('/');
    current = path.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document) as Json;
    if (current === undefined) throw new Error(`unresolved $ref ${String(value)}`);
  }
  return current;
}

function operationsOf(document: Json): Map<string, Json> {
  const operations = new Map<string, Json>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of HTTP_METHODS) if (item[method]) operations.set(`${method.toUpperCase()} ${path}`, item[method] as Json);
  }
  return operations;
}

/** The validation-relevant shape of a schema: documentation keys (description, example) dropped. */
function structure(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(structure);
  if (!schema || typeof schema !== 'object') return schema;
  const kept: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === 'description' || key === 'example') continue;
    kept[key] =
      key === 'properties' ? Object.fromEntries(Object.entries(value as Json).map(([name, s]) => [name, structure(s)])) : structure(value);
  }
  return kept;
}

/** Every `required` list and `enum` of a schema and its nested schemas, keyed by where it is; refs resolved once. */
function requiredAndEnums(
  document: Json,
  schema: unknown,
  at: string,
  out: Record<string, unknown> = {},
  seen = new Set<string>(),
): Record<string, unknown> {
  const node = schema as Json;
  if (typeof node?.$ref === 'string') {
    if (seen.has(node.$ref)) return out;
    return requiredAndEnums(document, deref(document, node), at, out, new Set([...seen, node.$ref]));
  }
  if (Array.isArray(node?.required)) out[`${at}.required`] = [...(node.required as string[])].sort();
  if (Array.isArray(node?.enum)) out[`${at}.enum`] = [...(node.enum as unknown[])].sort();
  for (const [name, property] of Object.entries((node?.properties as Json | undefined) ?? {})) {
    requiredAndEnums(document, property, `${at}.${name}`, out, seen);
  }
  if (node?.items) requiredAndEnums(document, node.items, `${at}[]`, out, seen);
  return out;
}

const specOperations = operationsOf(spec);
const builtOperations = operationsOf(built);
const specSchemas = (spec.components as Json).schemas as Record<string, Json>;
const builtSchemas = (built.components as Json).schemas as Record<string, Json>;

describe('the built OpenAPI document follows phrase-byo-mt.yaml', () => {
  it('is OpenAPI 3.0.3 for BYO Engine API of the same version', () => {
    expect(built.openapi).toBe(spec.openapi);
    expect((built.info as Json).title).toBe((spec.info as Json).title);
    expect((built.info as Json).version).toBe((spec.info as Json).version);
  });

  it('has the same paths and methods', () => {
    expect(Object.keys(built.paths as Json).sort()).toEqual(Object.keys(spec.paths as Json).sort());
    expect([...builtOperations.keys()].sort()).toEqual([...specOperations.keys()].sort());
  });

  it('has the same global security: OAuth2 or ApiKeyAuth', () => {
    expect(built.security).toEqual(spec.security);
  });

  for (const [route, specOperation] of specOperations) {
    describe(route, () => {
      const builtOperation = () => builtOperations.get(route) ?? {};

      it('has the same operationId', () => {
        expect(builtOperation().operationId).toBe(specOperation.operationId);
      });

      it('requires the same OAuth2 scope or the API key', () => {
        expect(builtOperation().security).toEqual(specOperation.security);
      });

      it('has the same request body (required flag and schema)', () => {
        const specBody = specOperation.requestBody as Json | undefined;
        const builtBody = builtOperation().requestBody as Json | undefined;
        expect(builtBody === undefined).toBe(specBody === undefined);
        if (!specBody || !builtBody) return;
        expect(builtBody.required ?? false).toBe(specBody.required ?? false);
        expect(builtBody.content).toEqual(specBody.content);
      });

      it('has the same path parameters', () => {
        const strip = (parameters: unknown) => (parameters as Json[] | undefined)?.map((parameter) => structure(parameter));
        expect(strip(builtOperation().parameters)).toEqual(strip(specOperation.parameters));
      });

      it('answers 200 with the same schema ref, 429 with Backoff and errors with Error', () => {
        const specResponses = specOperation.responses as Json;
        const builtResponses = builtOperation().responses as Json;
        expect(Object.keys(builtResponses).sort()).toEqual(Object.keys(specResponses).sort());
        expect((builtResponses['200'] as Json).content).toEqual((specResponses['200'] as Json).content);
        expect(builtResponses['429']).toEqual({ $ref: '#/components/responses/Backoff' });
        expect(specResponses['429']).toEqual({ $ref: '#/components/responses/Backoff' });
        expect(structure(deref(built, builtResponses.default))).toEqual(structure(deref(spec, specResponses.default)));
      });
    });
  }

  it('has the same security schemes: the six scopes and the X-Api-Token header', () => {
    const specSchemes = (spec.components as Json).securitySchemes as Record<string, Json>;
    const builtSchemes = (built.components as Json).securitySchemes as Record<string, Json>;
    expect(Object.keys(builtSchemes).sort()).toEqual(Object.keys(specSchemes).sort());
    expect(builtSchemes.ApiKeyAuth).toEqual({ type: 'apiKey', in: 'header', name: 'X-Api-Token' });
    expect(builtSchemes.ApiKeyAuth).toEqual(specSchemes.ApiKeyAuth);
    expect(builtSchemes.OAuth2.type).toBe('oauth2');
    const scopes = (scheme: Json) => ((scheme.flows as Json).clientCredentials as Json).scopes;
    expect(scopes(builtSchemes.OAuth2)).toEqual(scopes(specSchemes.OAuth2));
    expect(Object.keys(scopes(builtSchemes.OAuth2) as Json)).toHaveLength(6);
  });

  it('answers 429 with a Backoff response whose Retry-After header is an integer', () => {
    const backoff = deref(built, { $ref: '#/components/responses/Backoff' });
    const header = (backoff.headers as Record<string, Json>)['Retry-After'];
    expect(header.schema).toEqual({ type: 'integer' });
    expect(structure(backoff)).toEqual(structure(deref(spec, { $ref: '#/components/responses/Backoff' })));
  });

  it('has the same component schema names', () => {
    expect(Object.keys(builtSchemas).sort()).toEqual(Object.keys(specSchemas).sort());
  });

  for (const name of Object.keys(specSchemas)) {
    describe(`schema ${name}`, () => {
      it('has the same required fields and enums, refs followed', () => {
        const expected = requiredAndEnums(spec, specSchemas[name], name);
        expect(requiredAndEnums(built, builtSchemas[name], name)).toEqual(expected);
      });

      it('has the same validation keywords (types, properties, limits, refs)', () => {
        expect(structure(builtSchemas[name])).toEqual(structure(specSchemas[name]));
      });
    });
  }

  it('really compares: the checks notice a changed enum and a dropped required field', () => {
    const changed = structuredClone(builtSchemas);
    (((changed.StatusResponse.properties as Json).status as Json).enum as string[]).pop();
    (changed.TranslateRequest.required as string[]).pop();
    const mutated = { ...built, components: { ...(built.components as Json), schemas: changed } };
    expect(requiredAndEnums(mutated, changed.StatusResponse, 'StatusResponse')).not.toEqual(
      requiredAndEnums(spec, specSchemas.StatusResponse, 'StatusResponse'),
    );
    expect(requiredAndEnums(mutated, changed.TranslateRequest, 'TranslateRequest')).not.toEqual(
      requiredAndEnums(spec, specSchemas.TranslateRequest, 'TranslateRequest'),
    );
    expect(structure(changed.TranslateRequest)).not.toEqual(structure(specSchemas.TranslateRequest));
  });
});
