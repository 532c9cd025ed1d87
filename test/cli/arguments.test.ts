import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../cli/arguments.js';
import { runCli } from '../../cli/cli.js';
import { captureIo } from './check-helpers.js';

describe('byo-engine command line', () => {
  it('reads every option', () => {
    const command = parseCommand(
      [
        'check',
        'http://127.0.0.1:8080/byo',
        '--api-token',
        't',
        '--pair',
        'en_us:de',
        '--json',
        '--timeout',
        '5',
        '--job-timeout',
        '9',
        '--load',
        '200',
        '--duration',
        '60',
        '--report',
        'out/report.html',
      ],
      {},
    );
    expect(command).toEqual({
      kind: 'check',
      settings: {
        baseUrl: 'http://127.0.0.1:8080/byo',
        credentials: { kind: 'api-token', token: 't' },
        pair: { sourceLanguage: 'en_us', targetLanguage: 'de' },
        json: true,
        timeoutMs: 5_000,
        jobTimeoutMs: 9_000,
        load: { ratePerSecond: 200, durationSeconds: 60 },
        reportPath: 'out/report.html',
      },
    });
  });

  it('takes secrets from the environment when the flags are absent', () => {
    const token = parseCommand(['check', 'http://h'], { BYO_API_TOKEN: 'from-env' });
    expect(token).toMatchObject({ settings: { credentials: { kind: 'api-token', token: 'from-env' } } });
    const oauth = parseCommand(['check', 'http://h', '--client-id', 'c', '--token-url', 'http://idp/token'], { BYO_CLIENT_SECRET: 's' });
    expect(oauth).toMatchObject({
      settings: { credentials: { kind: 'client-credentials', clientId: 'c', clientSecret: 's', tokenUrl: 'http://idp/token' } },
    });
  });

  it.each([
    [['check', 'http://h', '--api-token', 't', '--bogus'], "Unknown option '--bogus'"],
    [['verify', 'http://h'], 'unknown command "verify"'],
    [['check'], 'missing <baseUrl>'],
    [['check', 'http://h'], 'pass --api-token <token>'],
    [['check', 'http://h', '--api-token', 't', '--client-id', 'c'], 'not both'],
    [['check', 'http://h', '--client-id', 'c'], 'client credentials need --client-secret (or BYO_CLIENT_SECRET), --token-url'],
    [['check', 'http://h', '--api-token', 't', '--pair', 'en-de'], '--pair "en-de" must look like en:de'],
    [['check', 'http://h', '--api-token', 't', '--load', '0'], '--load must be a positive number'],
    [['check', 'http://h', '--api-token', 't', '--duration', '5'], '--duration needs --load'],
    [['check', 'http://h', '--api-token', 't', '--report', ' '], '--report needs a file name'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommand(argv, {})).toThrow(UsageError);
    expect(() => parseCommand(argv, {})).toThrow(message);
  });

  it('prints help and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: byo-engine check <baseUrl> \[options\]/);
  });

  it('refuses a --report in a folder that does not exist, or a folder, with exit code 2 before any request', async () => {
    const missing = join(tmpdir(), `byo-engine-no-such-folder-${process.pid}`, 'report.html');
    for (const [path, message] of [
      [missing, `--report: the folder ${dirname(missing)} does not exist`],
      [tmpdir(), `--report: ${tmpdir()} is a folder; name a file, such as report.html`],
    ]) {
      const io = captureIo();
      // Port 9 is never connected to: a request would fail with exit code 1, not 2.
      expect(await runCli(['check', 'http://127.0.0.1:9/byo', '--api-token', 't', '--report', path], io)).toBe(2);
      expect(io.err()).toBe(`byo-engine: ${message}\nRun "byo-engine check --help" for usage.\n`);
    }
  });

  it('refuses a base URL that is not http(s) or carries credentials, with exit code 2', async () => {
    for (const url of ['ftp://h/byo', 'not a url', 'http://user:pass@h/byo']) {
      const io = captureIo();
      expect(await runCli(['check', url, '--api-token', 't'], io)).toBe(2);
      expect(io.err()).toMatch(/^byo-engine: /);
      expect(io.err()).not.toContain('pass@');
    }
  });
});
