import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PLUG_IN_FOLDERS = ['adapters', 'translators', 'cli'];
const entries = JSON.parse(readFileSync(join(root, 'package-entries.json'), 'utf8')) as {
  entries: Record<string, { source: string }>;
};
/** Core files a plug-in may import: the public entries that live in src/. */
const PUBLIC_CORE_ENTRIES = new Set(
  Object.values(entries.entries)
    .map(({ source }) => source)
    .filter((source) => source.startsWith('src/')),
);

type SourceFiles = Map<string, string>;

function readTree(folder: string, files: SourceFiles = new Map()): SourceFiles {
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) readTree(path, files);
    else if (entry.name.endsWith('.ts')) files.set(path, readFileSync(join(root, path), 'utf8'));
  }
  return files;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Repository-relative `.ts` targets of a file's relative imports. */
function relativeImports(file: string, text: string): string[] {
  return [...text.matchAll(IMPORT)].map(([, specifier]) => relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

const topFolder = (path: string) => path.split('/')[0];

/** Every import that crosses the core/plug-in boundary the wrong way, as `file -> target`. */
export function boundaryViolations(files: SourceFiles): string[] {
  const violations: string[] = [];
  for (const [file, text] of files) {
    const own = topFolder(file);
    for (const target of relativeImports(file, text)) {
      const folder = topFolder(target);
      if (own === 'src' && PLUG_IN_FOLDERS.includes(folder)) violations.push(`${file} -> ${target} (the core imports a plug-in)`);
      if (PLUG_IN_FOLDERS.includes(own) && folder === 'src' && !PUBLIC_CORE_ENTRIES.has(target))
        violations.push(`${file} -> ${target} (a plug-in reaches into the core; import src/index.ts)`);
    }
  }
  return violations;
}

describe('import boundaries', () => {
  const files = new Map([...readTree('src'), ...PLUG_IN_FOLDERS.flatMap((folder) => [...readTree(folder)])]);

  it('reads every folder of the layout', () => {
    for (const folder of ['src', ...PLUG_IN_FOLDERS]) expect([...files.keys()].some((file) => topFolder(file) === folder)).toBe(true);
  });

  it('keeps the core free of plug-ins and plug-ins on the core public entries', () => {
    expect(boundaryViolations(files)).toEqual([]);
  });

  it('reports a plug-in that imports a core internal, and a core file that imports a plug-in', () => {
    const planted: SourceFiles = new Map([
      ['cli/bad.ts', "import { readOperations } from '../src/openapi/operations.js';"],
      ['translators/deep/bad.ts', "export { x } from '../../src/translation/translator.js';"],
      ['src/bad.ts', "const cli = await import('../cli/cli.js');"],
      ['adapters/good.ts', "import { createByoEngine } from '../src/index.js';"],
    ]);
    expect(boundaryViolations(planted)).toEqual([
      'cli/bad.ts -> src/openapi/operations.ts (a plug-in reaches into the core; import src/index.ts)',
      'translators/deep/bad.ts -> src/translation/translator.ts (a plug-in reaches into the core; import src/index.ts)',
      'src/bad.ts -> cli/cli.ts (the core imports a plug-in)',
    ]);
  });
});
