// The built package, as a separate project sees it: ESM import and CJS require of `byo-engine` and
// `byo-engine/express`, an engine mounted into a real Express app answering one request, and the types.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const BUILD_LOCK = join(tmpdir(), 'byo-engine-build.lock');
const TOKEN = 'consumer-token-0123456789abcdef';

/** `npm run build`, serialized with other builds of this checkout when `flock` is available. */
function build(): void {
  const hasFlock = spawnSync('flock', ['--version']).status === 0;
  const [command, args] = hasFlock ? ['flock', [BUILD_LOCK, 'npm', 'run', 'build']] : ['npm', ['run', 'build']];
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', timeout: 280_000 });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`.slice(-4000));
  }
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
