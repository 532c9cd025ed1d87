// Runs a Worker module on workerd (the runtime of Cloudflare Workers, from the `workerd` npm package) the
// way `wrangler dev` does, without wrangler: esbuild bundles the module, a workerd config serves it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The compatibility date the Worker is written against. */
export const COMPATIBILITY_DATE = '2025-09-01';
/** None: the core and byo-engine/fetch use Web-standard APIs only (no `nodejs_compat`). */
export const COMPATIBILITY_FLAGS: readonly string[] = [];

/** `byo-engine/...` as the sources of this repository, as a user's bundler resolves the installed package. */
function sourceAliases(): Record<string, string> {
  const table = JSON.parse(readFileSync(join(ROOT, 'package-entries.json'), 'utf8')) as { entries: Record<string, { source: string }> };
  return Object.fromEntries(
    Object.entries(table.entries).map(([subpath, { source }]) => [`byo-engine${subpath.slice(1)}`, join(ROOT, source)]),
  );
}

/**
 * Bundles the module `entry` (with this repository's byo-engine and its dependencies) into one ES module
 * at `outfile`, for runtimes that take one file (workerd) or resolve no `.js` import to a `.ts` file (Next.js).
 */
export async function bundleModule(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    alias: sourceAliases(),
    // No `node:*` external: an import of a Node built-in fails the bundle, as it fails wrangler's without nodejs_compat.
    logLevel: 'warning',
  });
  return outfile;
}

const capnpString = (value: string) => JSON.stringify(value);

export interface ServeWorkerOptions {
  /** Let the Worker's `fetch` reach loopback addresses (workerd allows public ones only by default): for tests. */
  fetchLoopback?: boolean;
}

/** A workerd config serving `bundle` on `address`, with text bindings (the Worker's `env`). */
function workerdConfig(bundle: string, address: string, bindings: Record<string, string>, options: ServeWorkerOptions): string {
  const flags = COMPATIBILITY_FLAGS.map(capnpString).join(', ');
  const env = Object.entries(bindings)
    .map(([name, value]) => `(name = ${capnpString(name)}, text = ${capnpString(value)})`)
    .join(', ');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)${options.fetchLoopback ? ', (name = "internet", network = (allow = ["public", "local"]))' : ''}],
  sockets = [(name = "http", address = ${capnpString(address)}, http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed ${capnpString(basename(bundle))})],
  compatibilityDate = ${capnpString(COMPATIBILITY_DATE)},
  compatibilityFlags = [${flags}],
  bindings = [${env}],
);
`;
}

/** The workerd binary the `workerd` package installed. */
function workerdBinary(): string {
  return (createRequire(import.meta.url)('workerd') as { default: string }).default;
}

/** Bundles `entry` and starts workerd on `127.0.0.1:port`; resolves once it is listening. */
export async function serveWorker(
  entry: string,
  port: number,
  bindings: Record<string, string>,
  options: ServeWorkerOptions = {},
): Promise<ChildProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'byo-worker-'));
  const bundle = await bundleModule(entry, join(dir, 'worker.js'));
  const configFile = join(dir, 'config.capnp');
  writeFileSync(configFile, workerdConfig(bundle, `127.0.0.1:${port}`, bindings, options));
  const child = spawn(workerdBinary(), ['serve', configFile, '--experimental'], { stdio: ['ignore', 'inherit', 'inherit'] });
  await waitUntilListening(port, child);
  return child;
}

async function waitUntilListening(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode} before listening`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`workerd did not listen on port ${port} within 60 s`);
}
