// Shared set-up of the behaviour suite: every adapter row, with and without the host's body parser,
// under a simple and a nested prefix, called over real HTTP with every answer checked against the document.
import { afterEach, describe, expect } from 'vitest';
import {
  buildOpenApiDocument,
  type ByoEngine,
  type ByoEngineOptions,
  type OperationId,
  type TranslateFunction,
  type TranslateRequest,
  type TranslateResponse,
  type TranslateAsyncStatusResponse,
} from 'byo-engine';
import { readOperations } from '../../src/openapi/operations.js';
import { adapterRows, type AdapterRow, type HostOptions, type RunningApp } from '../support/adapter-rows.js';
import { expectErrorBody, expectMatchesSchema } from '../support/schema-check.js';
import { API_TOKEN, testEngine } from '../support/test-engine.js';

export const HOST_SETUPS: readonly HostOptions[] = [
  { prefix: '/byo', hostBodyParser: true },
  { prefix: '/byo', hostBodyParser: false },
  { prefix: '/api/v1/byo', hostBodyParser: true },
  { prefix: '/api/v1/byo', hostBodyParser: false },
];

const operations = new Map(readOperations(buildOpenApiDocument()).map((operation) => [operation.id, operation]));

export interface Answer<Body = unknown> {
  status: number;
  headers: Headers;
  body: Body;
}

export interface RequestOptions {
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as it is (with `contentType` when given). */
  raw?: string | Uint8Array | ReadableStream<Uint8Array>;
  contentType?: string;
  /** The X-Api-Token to send; `null` sends none. Default: the test token. */
  token?: string | null;
  headers?: Record<string, string>;
}

/** Calls one engine mounted in one host app. */
export class ApiClient {
  constructor(
    readonly engine: ByoEngine,
    readonly origin: string,
    readonly prefix: string,
  ) {}

  /** Any request below the mount point; the body is parsed as JSON when the answer says it is JSON. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer & { text: string }> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? API_TOKEN : options.token;
    if (token !== null) headers['x-api-token'] = token;
    let body: RequestInit['body'];
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.raw !== undefined) {
      if (options.contentType) headers['content-type'] = options.contentType;
      body = options.raw as BodyInit;
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
    if (options.raw instanceof ReadableStream) init.duplex = 'half';
    const response = await fetch(`${this.origin}${this.prefix}${path}`, init);
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
    return { status: response.status, headers: response.headers, text, body: isJson ? JSON.parse(text) : text };
  }

  /**
   * Calls one of the six operations. The answer must be JSON matching the document: the operation's
   * 200 schema, or `{ "error": string }` for any other status.
   */
  async call<Body = unknown>(
    operationId: OperationId,
    options: RequestOptions & { id?: string; query?: string } = {},
  ): Promise<Answer<Body>> {
    const operation = operations.get(operationId)!;
    const path = operation.path.replace('{id}', encodeURIComponent(options.id ?? '')) + (options.query ? `?${options.query}` : '');
    const answer = await this.request(operation.method, path, options);
    expect(answer.headers.get('content-type'), `${operationId} answered ${answer.status}: ${answer.text.slice(0, 200)}`).toMatch(
      /^application\/json/,
    );
    expectMatchesSchema(operationId, answer.status, answer.body);
    if (answer.status !== 200) expectErrorBody(answer.body);
    return answer as Answer<Body>;
  }

  /** An error answer of an operation: the status, and the `error` message. */
  async error(
    operationId: OperationId,
    expectedStatus: number,
    options: RequestOptions & { id?: string } = {},
  ): Promise<Answer<{ error: string }>> {
    const answer = await this.call<{ error: string }>(operationId, options);
    expect(answer.status, answer.body.error).toBe(expectedStatus);
    return answer;
  }

  async translate(body: unknown, options: RequestOptions = {}): Promise<TranslateResponse> {
    const answer = await this.call<TranslateResponse>('translateTexts', { json: body, ...options });
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
    return answer.body;
  }

  /** Submits a job; returns its id. */
  async submit(body: unknown, options: RequestOptions = {}): Promise<string> {
    const answer = await this.call<{ id: string }>('translateAsync', { json: body, ...options });
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
    return answer.body.id;
  }

  async jobStatus(id: string, options: RequestOptions = {}): Promise<TranslateAsyncStatusResponse> {
    const answer = await this.call<TranslateAsyncStatusResponse>('translateAsyncStatus', { id, ...options });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  }

  /** Polls the job's status until it is no longer `running`, within a bounded number of polls. */
  async waitForJob(id: string, options: RequestOptions = {}, maxPolls = 2_000): Promise<TranslateAsyncStatusResponse> {
    for (let poll = 0; poll < maxPolls; poll++) {
      const status = await this.jobStatus(id, options);
      if (status.status !== 'running') return status;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`job ${id} still running after ${maxPolls} polls`);
  }

  async jobResult(id: string, options: RequestOptions = {}): Promise<TranslateResponse> {
    const answer = await this.call<TranslateResponse>('translateAsyncResult', { id, ...options });
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
    return answer.body;
  }
}

/** Starts engines in the host app of one row and set-up; everything started is stopped after each test. */
export class HostFixture {
  private readonly running: { app: RunningApp; engine: ByoEngine }[] = [];
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly row: AdapterRow,
    readonly setup: HostOptions,
    /** Whether this row and set-up also run the load tests (hundreds of jobs): one set-up per row, rotating. */
    readonly runsLoadTests = true,
    /** Options every engine of this fixture starts with (for example a job backend); `overrides` go on top. */
    readonly defaults?: () => Partial<ByoEngineOptions>,
  ) {}

  /** A test engine (see test/support/test-engine.ts) with `overrides`, mounted in a fresh host app. */
  start(overrides: Partial<ByoEngineOptions> = {}): Promise<ApiClient> {
    const defaults = this.defaults?.() ?? {};
    return this.mount(testEngine({ ...defaults, ...overrides, jobs: { ...defaults.jobs, ...overrides.jobs } }));
  }

  /** Whether engines of this fixture keep jobs in the default store and runner (tests that reach into them need it). */
  get usesDefaultJobs(): boolean {
    const jobs = this.defaults?.().jobs;
    return !jobs?.backend && !jobs?.store;
  }

  async mount(engine: ByoEngine): Promise<ApiClient> {
    const app = await this.row.start(engine, this.setup);
    this.running.push({ app, engine });
    return new ApiClient(engine, app.origin, this.setup.prefix);
  }

  /** Runs `cleanup` after the test (for example releasing a held translator). */
  onStop(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  async stopAll(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const { app, engine } of this.running.splice(0)) {
      await engine.close({ graceMs: 0 });
      await app.close();
    }
  }
}

/**
 * `describe`s `body` once per adapter row, host body parser on and off, and prefix. Load tests
 * (`host.runsLoadTests`) run in one set-up per row, a different one for consecutive rows, to keep the suite fast.
 */
export function describeEachHost(
  theme: string,
  body: (host: HostFixture) => void,
  options: { defaults?: () => Partial<ByoEngineOptions>; loadSetupsOnly?: boolean } = {},
): void {
  for (const [rowIndex, row] of adapterRows.entries()) {
    for (const [setupIndex, setup] of HOST_SETUPS.entries()) {
      const parser = setup.hostBodyParser ? 'with' : 'without';
      const runsLoadTests = rowIndex % HOST_SETUPS.length === setupIndex;
      if (options.loadSetupsOnly && !runsLoadTests) continue;
      describe(`${theme} | ${row.name} under ${setup.prefix}, ${parser} the host's body parser`, () => {
        const host = new HostFixture(row, setup, runsLoadTests, options.defaults);
        afterEach(() => host.stopAll());
        body(host);
      });
    }
  }
}

/** Counts events; a test can wait until the count reaches some number. */
export class Counter {
  count = 0;
  private readonly waiters: { target: number; resolve: () => void }[] = [];

  increment(): void {
    this.count++;
    for (const waiter of this.waiters.filter((candidate) => this.count >= candidate.target)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  reached(target: number): Promise<void> {
    return this.count >= target ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ target, resolve }));
  }
}

/** Wraps a translator to count the answers it has given. */
export function countingTranslator(inner: TranslateFunction): { translate: TranslateFunction; returned: Counter } {
  const returned = new Counter();
  const translate: TranslateFunction = async (request, context) => {
    const items = await inner(request, context);
    returned.increment();
    return items;
  };
  return { translate, returned };
}

/** A translator that waits for the test to `release()` it; `entered` counts the calls that reached it. */
export function heldTranslator(): {
  translate: TranslateFunction;
  requests: TranslateRequest[];
  entered: Counter;
  release: () => void;
} {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const requests: TranslateRequest[] = [];
  const entered = new Counter();
  const translate: TranslateFunction = async (request) => {
    requests.push(request);
    entered.increment();
    await gate;
    return request.segments.map((segment) => `<${request.targetLanguage}>${segment.text}`);
  };
  return { translate, requests, entered, release };
}

/** A logger that keeps what it was given. */
export function recordingLogger(): {
  logger: NonNullable<ByoEngineOptions['logger']>;
  lines: { level: string; details: Record<string, unknown>; message: string }[];
} {
  const lines: { level: string; details: Record<string, unknown>; message: string }[] = [];
  const record = (level: string) => (details: Record<string, unknown>, message: string) => {
    lines.push({ level, details, message });
  };
  return { logger: { info: record('info'), warn: record('warn'), error: record('error') }, lines };
}
