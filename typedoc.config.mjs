// The API reference (`npm run docs`, to docs/api/): one module per public entry of package-entries.json.
// Every exported symbol needs a doc comment: a missing one is a warning, and warnings fail the run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionDefaults } from 'typedoc';

const table = JSON.parse(readFileSync(join(import.meta.dirname, 'package-entries.json'), 'utf8'));

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints: Object.values(table.entries).map(({ source }) => source),
  out: 'docs/api',
  tsconfig: 'tsconfig.json',
  readme: 'none',
  excludePrivate: true,
  // openapi-typescript writes `@description` into the generated API types.
  blockTags: [...OptionDefaults.blockTags, '@description'],
  excludeInternal: true,
  // Internal aliases that public types are written with; their members show in the public types.
  // JobTelemetryFactory: the engine's own tracing hook on JobBackend.submit; custom backends may ignore it.
  intentionallyNotExported: ['Schemas', 'DeepLFormality', 'JobTelemetryFactory'],
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // Every exported declaration; members are documented where they need it, not by rule.
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  // No source links: they need a hosted git remote, and a local clone has none.
  disableSources: true,
  treatWarningsAsErrors: true,
};
