import type { components } from './generated/api-types.js';

type Schemas = components['schemas'];

/** Request and response bodies of the BYO Engine API, generated from the OpenAPI document built in code. */
export type Metadata = Schemas['Metadata'];
/** A source and target language the engine translates between. */
export type LanguagePair = Schemas['LanguagePair'];
/** Body of `POST /languages`. */
export type LanguagesRequest = Schemas['LanguagesRequest'];
/** Answer of `POST /languages`: the language pairs the engine supports. */
export type LanguagesResponse = Schemas['LanguagesResponse'];
/** Body of `POST /status`. */
export type StatusRequest = Schemas['StatusRequest'];
/** Answer of `POST /status`. */
export type StatusResponse = Schemas['StatusResponse'];
/** One text to translate, with the `idx` that ties it to its translation. */
export type Segment = Schemas['Segment'];
/** A term and the translation the engine should use for it. */
export type GlossaryEntry = Schemas['GlossaryEntry'];
/** Body of `POST /translate` and `POST /translateAsync`: the segments and their language pair. */
export type TranslateRequest = Schemas['TranslateRequest'];
/** One translation in an answer, in the order of the request's segments. */
export type TranslatedSegment = Schemas['TranslatedSegment'];
/** Answer of `POST /translate` and `GET /translateAsyncResult/{id}`. */
export type TranslateResponse = Schemas['TranslateResponse'];
/** Answer of `POST /translateAsync`: the id of the job to poll. */
export type TranslateAsyncResponse = Schemas['TranslateAsyncResponse'];
/** Answer of `GET /translateAsyncStatus/{id}`. */
export type TranslateAsyncStatusResponse = Schemas['TranslateAsyncStatusResponse'];
/** Every error answer: `{ "error": "..." }`. */
export type ErrorResponse = Schemas['Error'];
/** Where an async job is: `running`, `done` or `failed`. */
export type JobStatus = TranslateAsyncStatusResponse['status'];
