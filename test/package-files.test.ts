// What a reader of the npm page gets: the tarball holds LICENSE and the docs, and every relative link of the
// README (and of the docs) points at a file inside it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

describe('the packed tarball', () => {
  it('lists LICENSE and the docs, and every relative link of README and docs resolves inside it', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repoRoot,
      timeout: 120_000,
    });
    const [{ files }] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const packed = new Set(files.map((file) => file.path));
    expect(packed).toContain('LICENSE');
    expect(packed).toContain('README.md');
    const pages = [...packed].filter((path) => path.endsWith('.md'));
    expect(pages).toContain('docs/cli.md');
    for (const page of pages) {
      const text = readFileSync(join(repoRoot, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue; // an absolute URL
        const resolved = normalize(join(dirname(page), target));
        expect(packed.has(resolved), `${page} links to ${target}, which is not in the tarball`).toBe(true);
      }
    }
  }, 150_000);
});
