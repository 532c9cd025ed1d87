// The core and byo-engine/fetch load on a runtime without Node's APIs (Cloudflare Workers without the
// nodejs_compat flag): no file they load imports a `node:` module or uses Buffer. A Node built-in goes through
// src/runtime/node-builtins.ts (process.getBuiltinModule, with a Web-standard fallback or an actionable error),
// bytes through src/runtime/bytes.ts. The workerd runtime row proves it at run time; this names the file.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRIES = ['src/index.ts', 'adapters/fetch.ts'];

/** Value imports and re-exports (`import type` / `export type` are erased and load nothing). */
const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const BUFFER_USE = /\bBuffer\s*\.\s*\w+/;

type Read = (file: string) => string;

/** Every source file the entries load, by repository-relative path. */
function loadedFiles(entries: readonly string[], read: Read): Map<string, string> {
  const files = new Map<string, string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    const text = read(file);
    files.set(file, text);
    for (const [, specifier] of text.matchAll(VALUE_IMPORT)) {
      if (specifier.startsWith('.')) pending.push(relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts'));
    }
  }
  return files;
}

/** `file: what` for every Node-only use in the files the entries load. */
export function nodeOnlyUses(entries: readonly string[], read: Read): string[] {
  const uses: string[] = [];
  for (const [file, text] of loadedFiles(entries, read)) {
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''); // comments may name them
    for (const [, specifier] of [...code.matchAll(VALUE_IMPORT), ...code.matchAll(DYNAMIC_IMPORT)]) {
      if (specifier.startsWith('node:')) uses.push(`${file}: imports ${specifier}`);
    }
    const buffer = BUFFER_USE.exec(code)?.[0];
    if (buffer) uses.push(`${file}: uses ${buffer.replace(/\s+/g, '')}`);
  }
  return uses;
}

const readSource: Read = (file) => readFileSync(join(root, file), 'utf8');

describe('the Fetch path uses Web-standard APIs', () => {
  it('follows the imports of the core and byo-engine/fetch into the runtime helpers', () => {
    const files = [...loadedFiles(ENTRIES, readSource).keys()];
    expect(files).toEqual(expect.arrayContaining(['src/engine.ts', 'src/auth/api-tokens.ts', 'src/runtime/node-builtins.ts']));
  });

  it('imports no node: module and uses no Buffer in any file the core or byo-engine/fetch loads', () => {
    expect(nodeOnlyUses(ENTRIES, readSource)).toEqual([]);
  });

  it('reports a static node: import, a dynamic one and a Buffer call, but not a type import or a comment', () => {
    const planted: Record<string, string> = {
      'src/entry.ts': "import { a } from './a.js';\nexport { b } from './b.js';\nimport type { C } from './c.js';",
      'src/a.ts': "import { randomUUID } from 'node:crypto';\n// Buffer.from in a comment\nexport const a = 1;",
      'src/b.ts':
        "import type { KeyObject } from 'node:crypto';\nconst m = await import('node:module');\nexport const b = Buffer.byteLength('x');",
      'src/c.ts': "import { setMaxListeners } from 'node:events';",
    };
    expect(nodeOnlyUses(['src/entry.ts'], (file) => planted[file])).toEqual([
      'src/b.ts: imports node:module',
      'src/b.ts: uses Buffer.byteLength',
      'src/a.ts: imports node:crypto',
    ]);
  });
});
