import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

interface EntryTable {
  entries: Record<string, { name: string; source: string }>;
  bin: { name: string; source: string };
}
const table = JSON.parse(readFileSync('package-entries.json', 'utf8')) as EntryTable;
const entry = Object.fromEntries(
  [...Object.values(table.entries), table.bin].filter(({ source }) => existsSync(source)).map(({ name, source }) => [name, source]),
);

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  // Shared chunks: adapters and the core load one copy of the core, not one each.
  splitting: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  shims: true,
});
