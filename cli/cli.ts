import type { LanguagePair, LanguagesResponse } from '../src/index.js';
import { HELP, parseCommand, UsageError, type CheckSettings } from './arguments.js';
import { formatCheckTable } from './check-report.js';
import { runConformance } from './conformance.js';
import { ApiContract } from './contract.js';
import { createCredentials, type Credentials } from './credentials.js';
import { EngineCaller } from './engine-caller.js';
import { CannotConnectError, describeTransportError, EngineClient, isConnectFailure, parseBaseUrl } from './engine-client.js';
import { LoadChartsRecorder } from './load/load-charts.js';
import { connectionsFor, runLoad } from './load/load-run.js';
import { formatLoadSummary, formatProgress } from './load/load-summary.js';
import type { HtmlReportInput } from './report/html-report.js';
import { reportPathProblem, writeHtmlReport } from './report/write-report.js';
import type { OutputStream } from './style.js';

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
}

/** Exit codes: everything passed, a check failed, the command line was wrong. */
export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;

const CONFORMANCE_CONNECTIONS = 4;

/** `byo-engine check ...`: runs the command and returns its exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let settings: CheckSettings;
  try {
    const command = parseCommand(argv, io.env);
    if (command.kind === 'help') {
      io.stdout.write(HELP);
      return EXIT.passed;
    }
    settings = command.settings;
    parseBaseUrl(settings.baseUrl);
    const reportProblem = settings.reportPath === undefined ? undefined : reportPathProblem(settings.reportPath);
    if (reportProblem) throw new UsageError(reportProblem);
  } catch (error) {
    io.stderr.write(`byo-engine: ${(error as Error).message}\nRun "byo-engine check --help" for usage.\n`);
    return EXIT.usage;
  }
  const credentials = createCredentials(settings.credentials, settings.timeoutMs);
  const connections = settings.load ? connectionsFor(settings.load.ratePerSecond) : CONFORMANCE_CONNECTIONS;
  const client = new EngineClient(settings.baseUrl, { connections, timeoutMs: settings.timeoutMs });
  try {
    return settings.load
      ? await loadCommand(settings, settings.load, client, credentials, io)
      : await conformanceCommand(settings, client, credentials, io);
  } catch (error) {
    const message =
      error instanceof CannotConnectError || !isConnectFailure(error)
        ? describeTransportError(error)
        : new CannotConnectError(client.baseUrl, error).message;
    io.stderr.write(`byo-engine: ${message}\n`);
    return EXIT.failed;
  } finally {
    await client.close();
  }
}

async function conformanceCommand(settings: CheckSettings, client: EngineClient, credentials: Credentials, io: CliIo): Promise<number> {
  const report = await runConformance({ client, credentials, pair: settings.pair, jobTimeoutMs: settings.jobTimeoutMs });
  io.stdout.write(settings.json ? `${JSON.stringify({ mode: 'conformance', ...report }, null, 2)}\n` : formatCheckTable(report, io.stdout));
  await writeReport(settings, { baseUrl: client.baseUrl, generatedAt: new Date().toISOString(), conformance: report }, io);
  return report.passed ? EXIT.passed : EXIT.failed;
}

async function loadCommand(
  settings: CheckSettings,
  load: NonNullable<CheckSettings['load']>,
  client: EngineClient,
  credentials: Credentials,
  io: CliIo,
): Promise<number> {
  // The report holds the conformance results and the load run: with --report, the checks run first.
  const reporting = settings.reportPath !== undefined;
  const conformance = reporting
    ? await runConformance({ client, credentials, pair: settings.pair, jobTimeoutMs: settings.jobTimeoutMs })
    : undefined;
  if (conformance && !settings.json) io.stdout.write(`${formatCheckTable(conformance, io.stdout)}\n`);
  const pair = settings.pair ?? (await firstListedPair(client, credentials));
  const showProgress = io.stderr.isTTY === true;
  const charts = reporting ? new LoadChartsRecorder() : undefined;
  const report = await runLoad({
    client,
    credentials,
    pair,
    ratePerSecond: load.ratePerSecond,
    durationSeconds: load.durationSeconds,
    jobTimeoutMs: settings.jobTimeoutMs,
    onProgress: showProgress ? (progress) => io.stderr.write(formatProgress(progress, load.durationSeconds)) : undefined,
    charts,
  });
  if (showProgress) io.stderr.write('\r\x1b[2K');
  io.stdout.write(
    settings.json ? `${JSON.stringify({ mode: 'load', ...report, conformance }, null, 2)}\n` : formatLoadSummary(report, io.stdout),
  );
  if (charts) {
    const generatedAt = new Date().toISOString();
    await writeReport(settings, { baseUrl: client.baseUrl, generatedAt, conformance, load: { report, charts: charts.charts() } }, io);
  }
  return report.passed && (conformance?.passed ?? true) ? EXIT.passed : EXIT.failed;
}

/** With --report, writes the HTML report and says where: on stdout after the table, on stderr beside --json. */
async function writeReport(settings: CheckSettings, input: HtmlReportInput, io: CliIo): Promise<void> {
  if (settings.reportPath === undefined) return;
  const written = await writeHtmlReport(settings.reportPath, input);
  (settings.json ? io.stderr : io.stdout).write(`HTML report written to ${written}\n`);
}

/** The pair a load run translates when `--pair` is absent: the first that `/languages` lists. */
async function firstListedPair(client: EngineClient, credentials: Credentials): Promise<LanguagePair> {
  const contract = new ApiContract();
  const answer = await new EngineCaller(client, contract, credentials).call('getLanguages', { body: {} });
  const { problems, body } = contract.checkAnswer('getLanguages', answer, [200]);
  const pair = (body as LanguagesResponse | undefined)?.languagePairs?.[0];
  if (problems.length || !pair) {
    throw new Error(`cannot choose a language pair: /languages ${problems[0] ?? 'listed none'}; pass --pair`);
  }
  return pair;
}
