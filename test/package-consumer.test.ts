// The built package, as a separate project sees it: ESM import and CJS require of `byo-engine` and
// `byo-engine/express`, an engine mounted into a real Express app answering one request, and the types.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterRows } from './support/adapter-rows.js';
import { DEMO_TOKEN, demoEngine } from './cli/check-helpers.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const BUILD_LOCK = join(tmpdir(), 'byo-engine-build.lock');
const TOKEN = 'consumer-token-0123456789abcdef';

/** `npm run build` once per test file, serialized with other builds of this checkout when `flock` is available. */
let built = false;
function build(): void {
  if (built) return;
  const hasFlock = spawnSync('flock', ['--version']).status === 0;
  const [command, args] = hasFlock ? ['flock', [BUILD_LOCK, 'npm', 'run', 'build']] : ['npm', ['run', 'build']];
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', timeout: 280_000 });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`.slice(-4000));
  }
  built = true;
}

/** A consumer that translates, mounts the engine in Express on port 0, calls it once and prints what it got. */
function consumerProgram(load: string): string {
  return `${load}
const engine = createByoEngine({
  translate: (request) => request.segments.map((segment) => segment.text.toUpperCase()),
  languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
  auth: { apiTokens: { phrase: '${TOKEN}' } },
});
const app = express();
app.use('/byo', byoExpress(engine));
const server = app.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  const response = await fetch('http://127.0.0.1:' + port + '/byo/translate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-token': '${TOKEN}' },
    body: JSON.stringify({ sourceLanguage: 'en', targetLanguage: 'de', segments: [{ idx: '1', text: 'hello' }] }),
  });
  console.log(JSON.stringify({ status: response.status, body: await response.json(), resolved: RESOLVED }));
  await engine.close();
  server.close();
});
`;
}

const ESM_PROGRAM = consumerProgram(`import { createByoEngine } from 'byo-engine';
import { byoExpress } from 'byo-engine/express';
import express from 'express';
const RESOLVED = [import.meta.resolve('byo-engine'), import.meta.resolve('byo-engine/express')];`);

const CJS_PROGRAM = consumerProgram(`const { createByoEngine } = require('byo-engine');
const { byoExpress } = require('byo-engine/express');
const express = require('express');
const RESOLVED = [require.resolve('byo-engine'), require.resolve('byo-engine/express')];`);

const TYPED_USE = `
const engine: ByoEngine = createByoEngine({
  translate: (request) => request.segments.map((segment) => segment.text),
  languages: [{ sourceLanguage: 'en', targetLanguage: 'de' }],
  auth: { apiTokens: ['${TOKEN}'] },
});
const app = express();
app.use('/byo', byoExpress(engine));
// @ts-expect-error translate is required
createByoEngine({ languages: [], auth: false });
`;

let consumerDir: string;

function link(name: string): void {
  const target = join(consumerDir, 'node_modules', name);
  mkdirSync(join(target, '..'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules', name), target, 'dir');
}

async function runNode(file: string): Promise<{ status: number; body: { segments: { translatedText: string }[] }; resolved: string[] }> {
  const { stdout } = await run(process.execPath, [file], { cwd: consumerDir, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('the built package in a separate consumer project', () => {
  beforeAll(() => {
    build();
    consumerDir = mkdtempSync(join(tmpdir(), 'byo-engine-consumer-'));
    writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    mkdirSync(join(consumerDir, 'node_modules'));
    symlinkSync(repoRoot, join(consumerDir, 'node_modules', 'byo-engine'), 'dir');
    link('express');
    link('@types');
    writeFileSync(join(consumerDir, 'esm-consumer.mjs'), ESM_PROGRAM);
    writeFileSync(join(consumerDir, 'cjs-consumer.cjs'), CJS_PROGRAM);
  }, 300_000);

  afterAll(() => {
    if (consumerDir) rmSync(consumerDir, { recursive: true, force: true });
  });

  it('imports both entries in ESM, and the engine answers through Express', async () => {
    const output = await runNode('esm-consumer.mjs');
    expect(output.status).toBe(200);
    expect(output.body.segments[0].translatedText).toBe('HELLO');
    // Node follows the symlink: the files resolved are the build's ESM files.
    expect(output.resolved.map((url) => fileURLToPath(url))).toEqual([join(repoRoot, 'dist/index.js'), join(repoRoot, 'dist/express.js')]);
  });

  it('requires both entries in CJS, and the engine answers through Express', async () => {
    const output = await runNode('cjs-consumer.cjs');
    expect(output.status).toBe(200);
    expect(output.body.segments[0].translatedText).toBe('HELLO');
    expect(output.resolved).toEqual([join(repoRoot, 'dist/index.cjs'), join(repoRoot, 'dist/express.cjs')]);
  });

  it('ships type declarations for both entries, in both module systems, where package.json says', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, { import: { types: string }; require: { types: string } }>;
    };
    for (const entry of ['.', './express']) {
      for (const types of [manifest.exports[entry].import.types, manifest.exports[entry].require.types]) {
        expect(existsSync(join(repoRoot, types)), `${entry}: ${types}`).toBe(true);
      }
    }
    for (const file of ['index.d.ts', 'index.d.cts', 'express.d.ts', 'express.d.cts']) {
      expect(existsSync(join(repoRoot, 'dist', file)), file).toBe(true);
    }
  });

  it('typechecks a consumer against the declarations, as ESM and as CJS', async () => {
    writeFileSync(
      join(consumerDir, 'typed-esm.mts'),
      `import { createByoEngine, type ByoEngine } from 'byo-engine';\nimport { byoExpress } from 'byo-engine/express';\nimport express from 'express';\n${TYPED_USE}`,
    );
    writeFileSync(
      join(consumerDir, 'typed-cjs.cts'),
      `import byo = require('byo-engine');\nimport adapter = require('byo-engine/express');\nimport express = require('express');\n` +
        `const { createByoEngine } = byo;\nconst { byoExpress } = adapter;\ntype ByoEngine = byo.ByoEngine;\n${TYPED_USE}`,
    );
    writeFileSync(
      join(consumerDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          types: ['node'],
          esModuleInterop: true,
        },
        files: ['typed-esm.mts', 'typed-cjs.cts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumerDir, timeout: 120_000 }).catch(
      (error: Error & { stdout?: string; stderr?: string }) => ({
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? error.message,
        failed: true,
      }),
    );
    expect(`${result.stdout}${result.stderr}`).toBe('');
  }, 150_000);
});

// The packed tarball installed into a fresh project from the registry, as a user gets it.
const entryTable = JSON.parse(readFileSync(join(repoRoot, 'package-entries.json'), 'utf8')) as {
  entries: Record<string, { name: string }>;
};
const SPECIFIERS = Object.keys(entryTable.entries).map((subpath) => `byo-engine${subpath.slice(1)}`);
/** Peers some subpaths' declarations import; linked from this checkout after `npm ls` has run. */
const PEERS = ['@types', 'express', 'koa', 'fastify', 'ioredis', 'vitest', 'lru-cache'];

/** Bare packages (not `node:`) that a built file and the chunks it loads import or require. */
function packagesImported(dist: string, file: string, seen = new Set<string>(), found = new Set<string>()): Set<string> {
  if (seen.has(file)) return found;
  seen.add(file);
  const source = readFileSync(join(dist, file), 'utf8');
  const pattern = /(?:from\s*|import\s*\(?\s*|require\(\s*)["']([^"']+)["']/g;
  for (const [, specifier] of source.matchAll(pattern)) {
    if (specifier.startsWith('.')) packagesImported(dist, join(file, '..', specifier), seen, found);
    else if (!isBuiltin(specifier)) {
      found.add(
        specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    }
  }
  return found;
}

/** A file that imports every public subpath and uses the core and the Express adapter with their types. */
function everySubpath(style: 'import' | 'require'): string {
  const imports = SPECIFIERS.map((specifier, index) =>
    style === 'import' ? `import * as entry${index} from '${specifier}';` : `import entry${index} = require('${specifier}');`,
  );
  return `${imports.join('\n')}
import express = require('express');
const { createByoEngine } = entry${SPECIFIERS.indexOf('byo-engine')};
const { byoExpress } = entry${SPECIFIERS.indexOf('byo-engine/express')};
type ByoEngine = entry${SPECIFIERS.indexOf('byo-engine')}.ByoEngine;
export const entries = [${SPECIFIERS.map((_, index) => `entry${index}`).join(', ')}];
${TYPED_USE}`;
}

describe('the packed tarball installed in a fresh project', () => {
  let projectDir: string;
  let installed: { dependencies?: Record<string, { dependencies?: Record<string, unknown> }> };

  beforeAll(async () => {
    build();
    projectDir = mkdtempSync(join(tmpdir(), 'byo-engine-tarball-'));
    const packed = await run('npm', ['pack', '--json', '--pack-destination', projectDir], { cwd: repoRoot, timeout: 120_000 });
    const [{ filename }] = JSON.parse(packed.stdout) as { filename: string }[];
    writeFileSync(join(projectDir, 'package.json'), JSON.stringify({ name: 'fresh-consumer', private: true }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(projectDir, filename)], {
      cwd: projectDir,
      timeout: 240_000,
    });
    const listed = await run('npm', ['ls', '--json', '--all', '--omit=dev', '--omit=optional', '--omit=peer'], { cwd: projectDir });
    installed = JSON.parse(listed.stdout) as typeof installed;
    for (const name of PEERS) {
      mkdirSync(join(projectDir, 'node_modules', name, '..'), { recursive: true });
      if (!existsSync(join(projectDir, 'node_modules', name))) {
        symlinkSync(join(repoRoot, 'node_modules', name), join(projectDir, 'node_modules', name), 'dir');
      }
    }
  }, 400_000);

  afterAll(() => {
    if (projectDir) rmSync(projectDir, { recursive: true, force: true });
  });

  it('installs as dependencies only the packages the core imports', () => {
    const dist = join(projectDir, 'node_modules/byo-engine/dist');
    const coreImports = new Set([...packagesImported(dist, 'index.js'), ...packagesImported(dist, 'index.cjs')]);
    expect([...coreImports].sort()).toEqual(['ajv', 'async-mutex', 'jose', 'openapi3-ts']);
    expect(Object.keys(installed.dependencies ?? {})).toEqual(['byo-engine']);
    // npm ls --all also lists the optional peers that are not installed, as entries without a version.
    const installedUnderPackage = Object.entries(installed.dependencies?.['byo-engine']?.dependencies ?? {})
      .filter(([, node]) => (node as { version?: string }).version !== undefined)
      .map(([name]) => name);
    expect(installedUnderPackage.sort()).toEqual([...coreImports].sort());
  });

  it('runs `byo-engine check --report` from the install, with uPlot inside the bin rather than a package it needs', async () => {
    expect(existsSync(join(projectDir, 'node_modules/uplot'))).toBe(false);
    const engine = demoEngine();
    const app = await adapterRows[0].start(engine, { prefix: '/byo', hostBodyParser: false });
    try {
      const bin = join(projectDir, 'node_modules/.bin/byo-engine');
      const { stdout } = await run(bin, ['check', `${app.origin}/byo`, '--api-token', DEMO_TOKEN, '--report', 'report.html'], {
        cwd: projectDir,
        timeout: 60_000,
      });
      expect(stdout).toContain(`HTML report written to ${join(projectDir, 'report.html')}`);
      const page = readFileSync(join(projectDir, 'report.html'), 'utf8');
      const uplot = JSON.parse(readFileSync(join(repoRoot, 'node_modules/uplot/package.json'), 'utf8')) as { version: string };
      expect(page).toContain(`/*! https://github.com/leeoniya/uPlot (v${uplot.version}) */`);
      expect(page).toContain('Copyright (c) 2022 Leon Sorokin');
      expect(page).toContain('<section id="conformance">');
    } finally {
      await app.close();
      await engine.close();
    }
  }, 90_000);

  const RESOLUTIONS = [
    { setting: 'node10', compilerOptions: { module: 'CommonJS', moduleResolution: 'node10' }, files: { 'typed.ts': 'import' } },
    {
      setting: 'node16',
      compilerOptions: { module: 'Node16', moduleResolution: 'Node16' },
      files: { 'typed.mts': 'import', 'typed.cts': 'require' },
    },
    {
      setting: 'nodenext',
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' },
      files: { 'typed.mts': 'import', 'typed.cts': 'require' },
    },
    { setting: 'bundler', compilerOptions: { module: 'ESNext', moduleResolution: 'bundler' }, files: { 'typed.ts': 'import' } },
  ] as const;

  it.each(RESOLUTIONS)(
    'typechecks a consumer of every subpath under moduleResolution $setting',
    async ({ setting, compilerOptions, files }) => {
      const dir = join(projectDir, setting);
      mkdirSync(dir);
      for (const [file, style] of Object.entries(files)) {
        const source = everySubpath(style).replace(
          "import express = require('express');",
          style === 'import' ? "import express from 'express';" : '$&',
        );
        writeFileSync(join(dir, file), source);
      }
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            ...compilerOptions,
            target: 'ES2022',
            strict: true,
            noEmit: true,
            types: ['node'],
            esModuleInterop: true,
            skipLibCheck: true,
          },
          files: Object.keys(files),
        }),
      );
      const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
      const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, timeout: 120_000 }).catch(
        (error: Error & { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? error.message }),
      );
      expect(`${result.stdout}${result.stderr}`).toBe('');
    },
    150_000,
  );
});
