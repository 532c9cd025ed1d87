import type { Operation } from './openapi/operations.js';

/** A route the engine serves besides the six operations (the OpenAPI document, token endpoints...). */
export interface ExtraRoute<Handler> {
  method: 'GET' | 'POST';
  path: string;
  handler: Handler;
}

export type RouteMatch<Handler> =
  | { kind: 'operation'; operation: Operation; jobId?: string }
  | { kind: 'extra'; handler: Handler; path: string }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'not-found' };

/** Longest job id looked up in the store; a longer one is not found without asking the store. */
export const MAX_JOB_ID_LENGTH = 256;

/**
 * `/status/` and `//status` as `/status`: a base URL entered with a trailing slash, or joined with one
 * slash too many, still reaches the operation. Costs nothing for a path that is already canonical.
 */
function canonicalPath(path: string): string {
  if (!path.includes('//') && (path.length <= 1 || !path.endsWith('/'))) return path;
  const collapsed = path.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}

/** Matches a path below the mount point against the document's operations. Built once. */
export class Router<Handler> {
  /** `/translate` -> method -> target; templates `/x/{id}` are keyed by `/x/`. */
  /** Made once per route: an exact route's match is the same object every time. */
  private readonly exact = new Map<string, Map<string, RouteMatch<Handler>>>();
  private readonly withId = new Map<string, Map<string, Operation>>();

  constructor(operations: readonly Operation[], extras: readonly ExtraRoute<Handler>[]) {
    for (const operation of operations) {
      if (operation.path.endsWith('/{id}')) {
        const prefix = operation.path.slice(0, -'{id}'.length);
        this.methodsOf(this.withId, prefix).set(operation.method, operation);
      } else {
        this.methodsOf(this.exact, operation.path).set(operation.method, { kind: 'operation', operation });
      }
    }
    for (const extra of extras) {
      this.methodsOf(this.exact, extra.path).set(extra.method, { kind: 'extra', handler: extra.handler, path: extra.path });
    }
  }

  match(method: string, rawPath: string): RouteMatch<Handler> {
    const queryStart = rawPath.indexOf('?');
    const path = canonicalPath(queryStart === -1 ? rawPath : rawPath.slice(0, queryStart));
    const upper = method.toUpperCase();

    const exact = this.exact.get(path);
    if (exact) {
      return exact.get(upper) ?? { kind: 'wrong-method', allowed: [...exact.keys()] };
    }
    const slash = path.lastIndexOf('/');
    const withId = this.withId.get(path.slice(0, slash + 1));
    const rawId = path.slice(slash + 1);
    if (!withId || rawId === '') return { kind: 'not-found' };
    const operation = withId.get(upper);
    if (!operation) return { kind: 'wrong-method', allowed: [...withId.keys()] };
    // An id no job can have (too long, or not decodable) still reaches the operation: it answers "job not found".
    if (rawId.length > MAX_JOB_ID_LENGTH * 3) return { kind: 'operation', operation, jobId: rawId };
    if (!rawId.includes('%')) return { kind: 'operation', operation, jobId: rawId };
    let jobId: string;
    try {
      jobId = decodeURIComponent(rawId);
    } catch {
      jobId = rawId;
    }
    return { kind: 'operation', operation, jobId };
  }

  private methodsOf<T>(table: Map<string, Map<string, T>>, path: string): Map<string, T> {
    let methods = table.get(path);
    if (!methods) table.set(path, (methods = new Map<string, T>()));
    return methods;
  }
}
