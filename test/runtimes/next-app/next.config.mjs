// The repository root is the workspace root: the route imports the engine's sources from there.
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** @type {import('next').NextConfig} */
export default { turbopack: { root }, outputFileTracingRoot: root };
