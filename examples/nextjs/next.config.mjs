// The repository root is the workspace root (the route imports the shared demo translator from there), and
// `byo-engine` is this repository's build of it: start.ts bundles the sources to .byo/byo-engine.mjs first, as
// Next's bundlers resolve no `.js` import to a `.ts` source. An app of its own imports the installed package
// and needs neither.
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const byoEngine = './.byo/byo-engine.mjs';

/** @type {import('next').NextConfig} */
export default {
  turbopack: { root, resolveAlias: { 'byo-engine': byoEngine, 'byo-engine/fetch': byoEngine } },
  outputFileTracingRoot: root,
};
