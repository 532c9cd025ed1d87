// Generated from the OpenAPI document built in src/openapi by `npm run gen:types`. Do not edit.
// test/openapi-types.test.ts fails when this file is out of date.

export interface paths {
    "/languages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Get supported language pairs */
        post: operations["getLanguages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Get engine status */
        post: operations["getStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/translate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Translate multiple segments */
        post: operations["translateTexts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/translateAsync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Translate multiple segments asynchronously */
        post: operations["translateAsync"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/translateAsyncStatus/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Translate multiple segments asynchronously - status polling */
        get: operations["translateAsyncStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/translateAsyncResult/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Translate multiple segments asynchronously - get translated segments */
        get: operations["translateAsyncResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Any custom data in form of key/value pairs
         * @example {
         *       "formality": "informal",
         *       "model": "model123",
         *       "domain": "legal",
         *       "customKey": "customValue"
         *     }
         */
        Metadata: {
            [key: string]: unknown;
        };
        /**
         * @description Phrase locale code
         * @example en
         */
        Locale: string;
        StatusRequest: {
            metadata?: components["schemas"]["Metadata"];
        };
        /**
         * @example {
         *       "status": "ok"
         *     }
         */
        StatusResponse: {
            /**
             * @description Engine status codes, 'ok' for fully operational, 'not_ok' for others (e.g. warm-up...)
             * @enum {string}
             */
            status: "ok" | "not_ok";
        };
        LanguagesRequest: {
            metadata?: components["schemas"]["Metadata"];
        };
        /**
         * @example {
         *       "languagePairs": [
         *         {
         *           "sourceLanguage": "en",
         *           "targetLanguage": "es"
         *         }
         *       ]
         *     }
         */
        LanguagesResponse: {
            languagePairs: components["schemas"]["LanguagePair"][];
        };
        LanguagePair: {
            sourceLanguage: components["schemas"]["Locale"];
            targetLanguage: components["schemas"]["Locale"];
        };
        TranslateRequest: {
            sourceLanguage: components["schemas"]["Locale"];
            targetLanguage: components["schemas"]["Locale"];
            segments: components["schemas"]["Segment"][];
            /** @description Ad-hoc glossary (term -> translation pairs) */
            glossary?: components["schemas"]["GlossaryEntry"][];
            metadata?: components["schemas"]["Metadata"];
        };
        Segment: {
            /** @description Segment identifier; echo it back in the response */
            idx?: string;
            text: string;
            metadata?: components["schemas"]["Metadata"];
        };
        GlossaryEntry: {
            term: string;
            translation: string;
        };
        TranslateResponse: {
            sourceLanguage: components["schemas"]["Locale"];
            targetLanguage: components["schemas"]["Locale"];
            segments: components["schemas"]["TranslatedSegment"][];
            metadata?: components["schemas"]["Metadata"];
        };
        TranslatedSegment: {
            idx?: string;
            text: string;
            translatedText: string;
            metadata?: components["schemas"]["Metadata"];
        };
        TranslateAsyncResponse: {
            /** @description Unique identifier of the translation job */
            id: string;
        };
        TranslateAsyncStatusResponse: {
            /** @enum {string} */
            status: "running" | "done" | "failed";
            /** @example Description of translation failure */
            detail?: string;
        };
        Error: {
            /** @example Unauthorized, Invalid token */
            error: string;
        };
    };
    responses: {
        /** @description Too many requests */
        Backoff: {
            headers: {
                /** @description Time in seconds before the client may retry the request */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description Default response in case of any error */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getLanguages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LanguagesRequest"];
            };
        };
        responses: {
            /** @description List of supported source-target language pairs (Phrase locale codes) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LanguagesResponse"];
                };
            };
            429: components["responses"]["Backoff"];
            default: components["responses"]["Error"];
        };
    };
    getStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StatusRequest"];
            };
        };
        responses: {
            /** @description Engine status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusResponse"];
                };
            };
            429: components["responses"]["Backoff"];
            default: components["responses"]["Error"];
        };
    };
    translateTexts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TranslateRequest"];
            };
        };
        responses: {
            /** @description Translated segments */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TranslateResponse"];
                };
            };
            429: components["responses"]["Backoff"];
            default: components["responses"]["Error"];
        };
    };
    translateAsync: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TranslateRequest"];
            };
        };
        responses: {
            /** @description Asynchronous translation job accepted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TranslateAsyncResponse"];
                };
            };
            429: components["responses"]["Backoff"];
            default: components["responses"]["Error"];
        };
    };
    translateAsyncStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Unique identifier of the translation job */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Translate multiple segments asynchronously - status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TranslateAsyncStatusResponse"];
                };
            };
            429: components["responses"]["Backoff"];
            default: components["responses"]["Error"];
        };
    };
    translateAsyncResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Unique identifier of the translation job */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Translated segments */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TranslateResponse"];
                };
            };
            429: components["responses"]["Backoff"];
            default: components["responses"]["Error"];
        };
    };
}
