/** What differs between the six operations; `document.ts` turns these into the OpenAPI paths. */
export interface OperationSpec {
  operationId: string;
  method: 'get' | 'post';
  path: string;
  tag: string;
  summary: string;
  scope: string;
  scopeDescription: string;
  requestSchema?: string;
  requestBodyRequired?: boolean;
  responseSchema: string;
  successDescription: string;
}

export const operationSpecs: readonly OperationSpec[] = [
  {
    operationId: 'getLanguages',
    method: 'post',
    path: '/languages',
    tag: 'Supported languages',
    summary: 'Get supported language pairs',
    scope: 'languages:read',
    scopeDescription: 'Read supported languages',
    requestSchema: 'LanguagesRequest',
    requestBodyRequired: false,
    responseSchema: 'LanguagesResponse',
    successDescription: 'List of supported source-target language pairs (Phrase locale codes)',
  },
  {
    operationId: 'getStatus',
    method: 'post',
    path: '/status',
    tag: 'Engine status',
    summary: 'Get engine status',
    scope: 'status:read',
    scopeDescription: 'Read engine status',
    requestSchema: 'StatusRequest',
    requestBodyRequired: false,
    responseSchema: 'StatusResponse',
    successDescription: 'Engine status',
  },
  {
    operationId: 'translateTexts',
    method: 'post',
    path: '/translate',
    tag: 'Synchronous translation',
    summary: 'Translate multiple segments',
    scope: 'translate:write',
    scopeDescription: 'Submit translation request',
    requestSchema: 'TranslateRequest',
    requestBodyRequired: true,
    responseSchema: 'TranslateResponse',
    successDescription: 'Translated segments',
  },
  {
    operationId: 'translateAsync',
    method: 'post',
    path: '/translateAsync',
    tag: 'Asynchronous translation',
    summary: 'Translate multiple segments asynchronously',
    scope: 'translateAsync:write',
    scopeDescription: 'Submit asynchronous translation request',
    requestSchema: 'TranslateRequest',
    requestBodyRequired: true,
    responseSchema: 'TranslateAsyncResponse',
    successDescription: 'Asynchronous translation job accepted',
  },
  {
    operationId: 'translateAsyncStatus',
    method: 'get',
    path: '/translateAsyncStatus/{id}',
    tag: 'Asynchronous translation',
    summary: 'Translate multiple segments asynchronously - status polling',
    scope: 'translateAsyncStatus:read',
    scopeDescription: 'Read asynchronous translation status',
    responseSchema: 'TranslateAsyncStatusResponse',
    successDescription: 'Translate multiple segments asynchronously - status',
  },
  {
    operationId: 'translateAsyncResult',
    method: 'get',
    path: '/translateAsyncResult/{id}',
    tag: 'Asynchronous translation',
    summary: 'Translate multiple segments asynchronously - get translated segments',
    scope: 'translateAsyncResult:read',
    scopeDescription: 'Read asynchronous translation result',
    responseSchema: 'TranslateResponse',
    successDescription: 'Translated segments',
  },
];
