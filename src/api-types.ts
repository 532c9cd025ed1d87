import type { components } from './generated/api-types.js';

type Schemas = components['schemas'];

/** Request and response bodies of the BYO Engine API, generated from the OpenAPI document built in code. */
export type Metadata = Schemas['Metadata'];
export type LanguagePair = Schemas['LanguagePair'];
export type LanguagesRequest = Schemas['LanguagesRequest'];
export type LanguagesResponse = Schemas['LanguagesResponse'];
export type StatusRequest = Schemas['StatusRequest'];
export type StatusResponse = Schemas['StatusResponse'];
export type Segment = Schemas['Segment'];
export type GlossaryEntry = Schemas['GlossaryEntry'];
export type TranslateRequest = Schemas['TranslateRequest'];
export type TranslatedSegment = Schemas['TranslatedSegment'];
export type TranslateResponse = Schemas['TranslateResponse'];
export type TranslateAsyncResponse = Schemas['TranslateAsyncResponse'];
export type TranslateAsyncStatusResponse = Schemas['TranslateAsyncStatusResponse'];
export type ErrorResponse = Schemas['Error'];
export type JobStatus = TranslateAsyncStatusResponse['status'];
