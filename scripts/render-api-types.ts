import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../src/openapi/document.js';

const HEADER =
  '// Generated from the OpenAPI document built in src/openapi by `npm run gen:types`. Do not edit.\n' +
  '// test/openapi-types.test.ts fails when this file is out of date.\n\n';

/** The TypeScript types of the document, as the file `src/generated/api-types.ts` holds them. */
export async function renderApiTypes(): Promise<string> {
  const ast = await openapiTS(buildOpenApiDocument() as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}
