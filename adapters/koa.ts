import type { Context, Middleware, Next } from 'koa';
import {
  answerAtOnce,
  assertEngine,
  isPromiseLike,
  nodeRequestBody,
  normalizeMountPath,
  pathBelowMount,
  nodeEngineRequest,
  type ByoEngine,
} from '../src/index.js';

/** Options of `byoKoa`. */
export interface ByoKoaOptions {
  /**
   * Where the API lives, as a path from the app's root (`/byo`, `/api/v1/byo`): Koa and `@koa/router`
   * never rewrite `ctx.path`. Omit it behind `@koa/router` to use the path the router matched.
   */
  prefix?: string;
}

/** What `@koa/router` and the body parsers leave on the context; read without depending on their types. */
interface HostState {
  routerPath?: string;
  request: { body?: unknown; rawBody?: unknown };
}

/**
 * The literal start of the route `@koa/router` matched: `router.use('/byo', ...)` gives `/byo`, and
 * `router.all('/byo/{*rest}', ...)` or `'/byo/(.*)'` give `/byo` too (router prefixes included).
 */
function routerMountPath(routerPath: string): string {
  const wildcard = routerPath.search(/[:*{(]/);
  return (wildcard === -1 ? routerPath : routerPath.slice(0, wildcard)).replace(/\/+$/, '');
}

function pathBelowRouter(ctx: Context, routerPath: string): string {
  // The router already matched (perhaps case-insensitively), so its mount is cut by length.
  const rest = ctx.url.slice(routerMountPath(routerPath).length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * Koa middleware (Koa 2 and 3): `app.use(byoKoa(engine, { prefix: '/byo' }))`, or behind `@koa/router`:
 * `router.all(['/byo', '/byo/{*path}'], byoKoa(engine))`. Requests outside the prefix go to `next()`.
 * With or without a body parser before it (`@koa/bodyparser`, `koa-bodyparser`).
 */
export function byoKoa(engine: ByoEngine, options: ByoKoaOptions = {}): Middleware {
  assertEngine(engine, "app.use(byoKoa(engine, { prefix: '/byo' }))");
  const mountPath = options.prefix === undefined ? undefined : normalizeMountPath(options.prefix);
  return async (ctx: Context, next: Next) => {
    const host = ctx as unknown as HostState;
    const path =
      mountPath === undefined && host.routerPath !== undefined
        ? pathBelowRouter(ctx, host.routerPath)
        : pathBelowMount(ctx.url, mountPath ?? '');
    if (path === undefined) {
      await next();
      return;
    }
    const request = nodeEngineRequest(
      {
        method: ctx.method,
        path,
        headers: ctx.req.headers,
        body: nodeRequestBody(ctx.req, host.request.body, host.request.rawBody),
        remoteAddress: () => ctx.ip || undefined,
      },
      ctx.res,
    );
    const pending = answerAtOnce(engine, request);
    const answer = isPromiseLike(pending) ? await pending : pending;
    ctx.status = answer.status;
    ctx.set(answer.headers);
    ctx.body = answer.body;
  };
}
