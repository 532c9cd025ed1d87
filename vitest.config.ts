import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const table = JSON.parse(readFileSync(new URL('./package-entries.json', import.meta.url), 'utf8')) as {
  entries: Record<string, { source: string }>;
};
// `byo-engine/express` in tests and examples means the source, as a user's import means the build.
const alias = Object.entries(table.entries).map(([subpath, { source }]) => ({
  find: new RegExp(`^byo-engine${subpath === '.' ? '' : subpath.slice(1)}$`),
  replacement: fileURLToPath(new URL(`./${source}`, import.meta.url)),
}));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
