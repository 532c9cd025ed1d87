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

const MAX_JOB_ID_LENGTH = 256;

/** Matches a path below the mount point against the document's operations. Built once. */
export class Router<Handler> {
  /** `/translate` -> method -> target; templates `/x/{id}` are keyed by `/x/`. */
  private readonly exact = new Map<string, Map<string, { operation?: Operation; handler?: Handler }>>();
  private readonly withId = new Map<string, Map<string, Operation>>();

  constructor(operations: readonly Operation[], extras: readonly ExtraRoute<Handler>[]) {
    for (const operation of operations) {
      if (operation.path.endsWith('/{id}')) {
        const prefix = operation.path.slice(0, -'{id}'.length);
        this.methodsOf(this.withId, prefix).set(operation.method, operation);
      } else {
        this.methodsOf(this.exact, operation.path).set(operation.method, { operation });
      }
    }
    for (const extra of extras) this.methodsOf(this.exact, extra.path).set(extra.method, { handler: extra.handler });
  }

  match(method: string, rawPath: string): RouteMatch<Handler> {
    const queryStart = rawPath.indexOf('?');
    const path = queryStart === -1 ? rawPath : rawPath.slice(0, queryStart);
    const upper = method.toUpperCase();

    const exact = this.exact.get(path);
    if (exact) {
      const target = exact.get(upper);
      if (!target) return { kind: 'wrong-method', allowed: [...exact.keys()] };
      return target.operation ? { kind: 'operation', operation: target.operation } : { kind: 'extra', handler: target.handler!, path };
    }
    const slash = path.lastIndexOf('/');
    const withId = this.withId.get(path.slice(0, slash + 1));
    const rawId = path.slice(slash + 1);
    if (!withId || rawId === '' || rawId.length > MAX_JOB_ID_LENGTH * 3) return { kind: 'not-found' };
    const operation = withId.get(upper);
    if (!operation) return { kind: 'wrong-method', allowed: [...withId.keys()] };
    let jobId: string;
    try {
      jobId = decodeURIComponent(rawId);
    } catch {
      return { kind: 'not-found' };
    }
    return jobId.length > MAX_JOB_ID_LENGTH ? { kind: 'not-found' } : { kind: 'operation', operation, jobId };
  }

  private methodsOf<T>(table: Map<string, Map<string, T>>, path: string): Map<string, T> {
    let methods = table.get(path);
    if (!methods) table.set(path, (methods = new Map()));
    return methods;
  }
}
