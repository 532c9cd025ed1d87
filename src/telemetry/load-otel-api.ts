import { createRequire } from 'node:module';
import type * as OtelApi from '@opentelemetry/api';

/** The `@opentelemetry/api` module, whose types the core uses but never requires at run time. */
export type OpenTelemetryApi = typeof OtelApi;

/**
 * Loads `@opentelemetry/api` (an optional peer dependency) when it is installed; `undefined` otherwise.
 * Synchronous, once at start-up. A second copy of the package shares the first one's registrations (the
 * API keeps them on a global), so a host's ESM import and this require see the same SDK.
 */
export function loadOpenTelemetryApi(moduleId = '@opentelemetry/api'): OpenTelemetryApi | undefined {
  try {
    return createRequire(import.meta.url)(moduleId) as OpenTelemetryApi;
  } catch {
    return undefined;
  }
}
