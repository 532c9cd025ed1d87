// Packs the built package and checks the tarball with the ecosystem's tools (run: npm run check:package,
// after npm run build): publint, and attw for every subpath of package-entries.json under node10,
// node16 (CJS and ESM) and bundler resolution. First it names any subpath that package.json forgets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface EntryTable {
  entries: Record<string, { name: string }>;
}
interface Manifest {
  exports: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
}

const root = new URL('..', import.meta.url).pathname;
const table = JSON.parse(readFileSync(join(root, 'package-entries.json'), 'utf8')) as EntryTable;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const bin = (name: string) => join(root, 'node_modules/.bin', name);

/** What package.json must say for each entry; node10 reads no `exports`, so it needs `typesVersions`. */
function manifestProblems(): string[] {
  const problems: string[] = [];
  const typesVersions = manifest.typesVersions?.['*'] ?? {};
  for (const [subpath, { name }] of Object.entries(table.entries)) {
    if (!(subpath in manifest.exports)) problems.push(`package.json "exports" has no "${subpath}"`);
    if (subpath === '.') continue;
    const expected = `./dist/${name}.d.cts`;
    const listed = typesVersions[subpath.slice(2)];
    if (listed?.[0] !== expected) {
      problems.push(`package.json "typesVersions"."*" needs "${subpath.slice(2)}": ["${expected}"] (types under node10 resolution)`);
    }
  }
  return problems;
}

const problems = manifestProblems();
if (problems.length > 0) {
  console.error(`package.json does not match package-entries.json:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const packDir = mkdtempSync(join(tmpdir(), 'byo-engine-pack-'));
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' })) as {
    filename: string;
  }[];
  const tarball = join(packDir, packed[0].filename);
  execFileSync(bin('publint'), ['--strict', tarball], { stdio: 'inherit' });
  execFileSync(bin('attw'), [tarball, '--profile', 'strict', '--entrypoints', ...Object.keys(table.entries)], { stdio: 'inherit' });
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
