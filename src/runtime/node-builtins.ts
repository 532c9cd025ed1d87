import type * as NodeCrypto from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type * as NodeModule from 'node:module';

/** The Node built-in modules the core uses where a runtime has them. */
interface NodeBuiltins {
  'node:crypto': typeof NodeCrypto;
  'node:events': typeof EventEmitter;
  'node:module': typeof NodeModule;
}

type GetBuiltinModule = (id: string) => unknown;

/**
 * `process.getBuiltinModule` (Node 20.16+, Bun, Deno, Workers with `nodejs_compat`): it loads a built-in
 * without a static `import 'node:…'`, which a Worker without `nodejs_compat` can neither bundle nor load.
 */
const getBuiltinModule: GetBuiltinModule | undefined = (() => {
  const host = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process;
  return typeof host?.getBuiltinModule === 'function' ? host.getBuiltinModule.bind(host) : undefined;
})();

/** The built-in module `id`, or `undefined` where the runtime has none (Workers without `nodejs_compat`). */
export function nodeBuiltin<Id extends keyof NodeBuiltins>(id: Id): NodeBuiltins[Id] | undefined {
  return getBuiltinModule?.(id) as NodeBuiltins[Id] | undefined;
}

/** The built-in module `id` that `feature` cannot do without; throws an actionable error where there is none. */
export function requireNodeBuiltin<Id extends keyof NodeBuiltins>(id: Id, feature: string): NodeBuiltins[Id] {
  const builtin = nodeBuiltin(id);
  if (builtin) return builtin;
  throw new Error(
    `byo-engine: ${feature} needs ${id}, which this runtime does not provide: run it on Node 20.16 or later, Bun or Deno, ` +
      'or on Cloudflare Workers with the nodejs_compat compatibility flag (see docs/runtimes.md)',
  );
}
