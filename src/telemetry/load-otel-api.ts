import type * as OtelApi from '@opentelemetry/api';
import { nodeBuiltin } from '../runtime/node-builtins.js';

/** The `@opentelemetry/api` module, whose types the core uses but never requires at run time. */
export type OpenTelemetryApi = typeof OtelApi;

/**
 * Loads `@opentelemetry/api` (an optional peer dependency) when it is installed; `undefined` otherwise.
 * Synchronous, once at start-up. A second copy of the package shares the first one's registrations (the
 * API keeps them on a global), so a host's ESM import and this require see the same SDK.
 */
export function loadOpenTelemetryApi(moduleId = '@opentelemetry/api'): OpenTelemetryApi | undefined {
  try {
    // No node:module (Workers without nodejs_compat): nothing to require from, so no telemetry.
    return nodeBuiltin('node:module')?.createRequire(import.meta.url)(moduleId) as OpenTelemetryApi | undefined;
  } catch {
    return undefined;
  }
}
