#!/usr/bin/env node
// The `byo-engine` bin: `byo-engine check <baseUrl> ...`.
import { runCli } from './cli.js';

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
