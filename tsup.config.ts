import { existsSync, readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';
import { readReportAssets } from './cli/report/read-report-assets.js';

interface EntryTable {
  entries: Record<string, { name: string; source: string }>;
  bin: { name: string; source: string };
}
const table = JSON.parse(readFileSync('package-entries.json', 'utf8')) as EntryTable;
const entry = Object.fromEntries(
  [...Object.values(table.entries), table.bin].filter(({ source }) => existsSync(source)).map(({ name, source }) => [name, source]),
);

/**
 * `byo-engine check --report` inlines uPlot and its own script and styles into the HTML it writes. The build puts
 * their text into the CLI bundle in place of `cli/report/report-assets.ts`, which reads them from disk: the
 * published package then needs neither a runtime dependency on uplot nor extra files.
 */
const inlineReportAssets: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'inline-report-assets',
  setup(build) {
    build.onLoad({ filter: /[\\/]cli[\\/]report[\\/]report-assets\.ts$/ }, () => ({
      contents: `const assets = ${JSON.stringify(readReportAssets())};\nexport const reportAssets = () => assets;\n`,
      loader: 'ts',
    }));
  },
};

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
  esbuildPlugins: [inlineReportAssets],
});
