import { parseArgs } from 'node:util';
import type { LanguagePair } from '../src/index.js';
import type { CredentialsOptions } from './credentials.js';

export interface CheckSettings {
  baseUrl: string;
  credentials: CredentialsOptions;
  pair?: LanguagePair;
  json: boolean;
  timeoutMs: number;
  jobTimeoutMs: number;
  load?: { ratePerSecond: number; durationSeconds: number };
  /** `--report <file>`: where to write the HTML report. */
  reportPath?: string;
}

export type Command = { kind: 'help' } | { kind: 'check'; settings: CheckSettings };

/** A mistake in the command line: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {}

export const HELP = `Usage: byo-engine check <baseUrl> [options]

Plays Phrase's part against a BYO Engine API (any implementation) mounted at <baseUrl>,
such as http://127.0.0.1:8080/byo. Without --load it runs the conformance checks and prints
a table; with --load it holds a request rate and prints a latency summary. Exit code 0 when
everything passed, 1 when a check failed, 2 for a usage error.

Credentials (one of):
  --api-token <token>        sent as X-Api-Token (default: $BYO_API_TOKEN)
  --client-id <id> --client-secret <secret> --token-url <url> [--scope <scopes>]
                             OAuth2 client credentials: a token is fetched (form body, HTTP
                             Basic) and sent as a Bearer token; secret default $BYO_CLIENT_SECRET

Options:
  --pair <src:tgt>           language pair to translate, such as en:de
                             (default: the first pair /languages lists)
  --json                     print a machine-readable report instead of the table
  --timeout <seconds>        per-request timeout (default 30)
  --job-timeout <seconds>    how long an async job may take to finish (default 120)
  --load <rps>               load run: hold this many requests per second (open model)
  --duration <seconds>       length of the load run (default 30)
  --report <file>            also write an HTML report (results, and with --load latency charts);
                             with --load the conformance checks run first, for the report
  -h, --help                 show this help

Examples:
  byo-engine check http://127.0.0.1:8080/byo --api-token "$BYO_API_TOKEN"
  byo-engine check https://mt.example.com --client-id phrase --client-secret "$SECRET" \\
    --token-url https://auth.example.com/oauth/token --pair en:de --json
  byo-engine check http://127.0.0.1:8080/byo --api-token "$BYO_API_TOKEN" --load 200 --duration 60
  byo-engine check http://127.0.0.1:8080/byo --api-token "$BYO_API_TOKEN" --load 50 --report report.html
`;

const OPTIONS = {
  'api-token': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'token-url': { type: 'string' },
  scope: { type: 'string' },
  pair: { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  'job-timeout': { type: 'string' },
  load: { type: 'string' },
  duration: { type: 'string' },
  report: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Reads the command line (and the two secret environment variables) into settings. */
export function parseCommand(argv: readonly string[], env: Record<string, string | undefined>): Command {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, baseUrl, ...extra] = positionals;
  if (command !== 'check')
    throw new UsageError(command ? `unknown command "${command}"; the command is "check"` : 'missing command "check"');
  if (!baseUrl) throw new UsageError('missing <baseUrl>, such as http://127.0.0.1:8080/byo');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.duration !== undefined && values.load === undefined) throw new UsageError('--duration needs --load <rps>');
  if (values.report !== undefined && values.report.trim() === '') throw new UsageError('--report needs a file name, such as report.html');
  return {
    kind: 'check',
    settings: {
      baseUrl,
      credentials: readCredentials(values, env),
      pair: values.pair === undefined ? undefined : readPair(values.pair),
      json: values.json === true,
      timeoutMs: positiveNumber('--timeout', values.timeout, 30) * 1000,
      jobTimeoutMs: positiveNumber('--job-timeout', values['job-timeout'], 120) * 1000,
      load:
        values.load === undefined
          ? undefined
          : { ratePerSecond: positiveNumber('--load', values.load, 0), durationSeconds: positiveNumber('--duration', values.duration, 30) },
      reportPath: values.report,
    },
  };
}

function readCredentials(values: Values, env: Record<string, string | undefined>): CredentialsOptions {
  const oauth = ['client-id', 'client-secret', 'token-url', 'scope'] as const;
  const usesOAuth = oauth.some((name) => values[name] !== undefined);
  if (values['api-token'] !== undefined && usesOAuth) {
    throw new UsageError('pass either --api-token or --client-id/--client-secret/--token-url, not both');
  }
  if (usesOAuth) {
    const clientSecret = values['client-secret'] ?? env.BYO_CLIENT_SECRET;
    const missing = [
      values['client-id'] === undefined && '--client-id',
      clientSecret === undefined && '--client-secret (or BYO_CLIENT_SECRET)',
      values['token-url'] === undefined && '--token-url',
    ].filter(Boolean);
    if (missing.length) throw new UsageError(`client credentials need ${missing.join(', ')}`);
    try {
      new URL(values['token-url']!);
    } catch {
      throw new UsageError(`--token-url "${values['token-url']}" is not a URL`);
    }
    return {
      kind: 'client-credentials',
      clientId: values['client-id']!,
      clientSecret: clientSecret!,
      tokenUrl: values['token-url']!,
      scope: values.scope,
    };
  }
  const token = values['api-token'] ?? env.BYO_API_TOKEN;
  if (!token) throw new UsageError('pass --api-token <token> (or set BYO_API_TOKEN), or --client-id/--client-secret/--token-url');
  return { kind: 'api-token', token };
}

function readPair(text: string): LanguagePair {
  const match = /^([^:\s]+):([^:\s]+)$/.exec(text);
  if (!match) throw new UsageError(`--pair "${text}" must look like en:de`);
  return { sourceLanguage: match[1], targetLanguage: match[2] };
}

function positiveNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a positive number, not "${text}"`);
  return value;
}
