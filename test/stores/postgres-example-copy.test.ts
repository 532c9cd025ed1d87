// examples/postgres-job-store, copied out of the repository as a user would copy it, runs its own tests
// there: it imports only packages (byo-engine, byo-engine/testing, pg, vitest) and its sibling file.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { checkPostgres, describeWithServices } from '../support/services.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = join(repoRoot, 'examples/postgres-job-store');
const postgres = await checkPostgres();

describeWithServices([postgres], 'examples/postgres-job-store copied out of the repository', () => {
  it('passes its tests from the copy', async () => {
    const project = mkdtempSync(join(tmpdir(), 'byo-engine-postgres-example-'));
    try {
      for (const file of ['postgres-job-store.ts', 'postgres-job-store.test.ts']) copyFileSync(join(EXAMPLE, file), join(project, file));
      // The project's dependencies: pg and vitest from here; byo-engine as its package name resolves (to the sources).
      symlinkSync(join(repoRoot, 'node_modules'), join(project, 'node_modules'), 'dir');
      const alias = [
        { find: '^byo-engine$', replacement: join(repoRoot, 'src/index.ts') },
        { find: '^byo-engine/testing$', replacement: join(repoRoot, 'src/testing/index.ts') },
      ];
      writeFileSync(
        join(project, 'vitest.config.mjs'),
        `export default { resolve: { alias: ${JSON.stringify(alias)}.map(({ find, replacement }) => ({ find: new RegExp(find), replacement })) }, test: { include: ['*.test.ts'] } };\n`,
      );
      const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs');
      const { stdout } = await run(process.execPath, [vitest, 'run'], {
        cwd: project,
        env: { ...process.env, CI: 'true', NO_COLOR: '1' },
        timeout: 150_000,
      });
      expect(stdout).toMatch(/Tests\s+\d+ passed \(\d+\)/);
      expect(stdout).not.toMatch(/skipped|failed/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 180_000);
});
