// Records what host apps answer to the same requests, and compares the answers of rows with each other.
import type { ByoEngine } from 'byo-engine';
import type { AdapterRow, HostOptions } from './adapter-rows.js';
import { API_TOKEN } from './test-engine.js';

export interface Probe {
  /** Unique within a scenario; names the request in a difference report. */
  name: string;
  method: string;
  /** Below the mount point. */
  path: string;
  /** `null` sends no X-Api-Token; default: the test token. */
  token?: string | null;
  headers?: Record<string, string>;
  /** A string or bytes (sent with Content-Length), or chunks (sent chunked, with no Content-Length). */
  body?: string | Uint8Array | { chunks: Uint8Array[] };
  /**
   * A host's body parser may answer this request itself (malformed JSON, bytes that are not UTF-8), so it
   * is not sent when the host has one.
   */
  hostMayAnswer?: boolean;
}

/** One answer, as the comparison sees it: job ids replaced by `<id-N>` in order of appearance. */
export interface RecordedAnswer {
  probe: string;
  status: number;
  contentType: string | null;
  /** The engine's own headers besides Content-Type. */
  headers: Record<string, string | null>;
  text: string;
  json: unknown;
}

const COMPARED_HEADERS = ['cache-control', 'allow', 'retry-after', 'www-authenticate'] as const;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Sends probes to one running host app and keeps the answers. */
export class Recorder {
  readonly answers: RecordedAnswer[] = [];
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly base: string,
    private readonly scenario: string,
    private readonly hostBodyParser: boolean,
  ) {}

  /** Sends the probe and records its answer; returns the answer with the real ids (or undefined when skipped). */
  async send(probe: Probe): Promise<{ status: number; json: unknown } | undefined> {
    if (probe.hostMayAnswer && this.hostBodyParser) return undefined;
    const response = await this.fetch(probe);
    const text = await response.text();
    const normalized = text.replace(UUID, (id) => this.placeholder(id));
    const contentType = response.headers.get('content-type');
    this.answers.push({
      probe: `${this.scenario}: ${probe.name}`,
      status: response.status,
      contentType,
      headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers.get(name)])),
      text: normalized,
      json: contentType?.startsWith('application/json') && text !== '' ? JSON.parse(normalized) : undefined,
    });
    return { status: response.status, json: contentType?.startsWith('application/json') && text ? JSON.parse(text) : undefined };
  }

  /** Sends without recording, for polling whose count may differ from run to run. */
  async peek(probe: Probe): Promise<{ status: number; json: unknown }> {
    const response = await this.fetch(probe);
    return { status: response.status, json: await response.json() };
  }

  private fetch(probe: Probe): Promise<Response> {
    const headers: Record<string, string> = { ...probe.headers };
    const token = probe.token === undefined ? API_TOKEN : probe.token;
    if (token !== null) headers['x-api-token'] = token;
    const init: RequestInit & { duplex?: 'half' } = { method: probe.method, headers };
    if (probe.body instanceof Uint8Array || typeof probe.body === 'string') init.body = probe.body as BodyInit;
    else if (probe.body) {
      const chunks = [...probe.body.chunks];
      init.body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      });
      init.duplex = 'half';
    }
    return fetch(`${this.base}${probe.path}`, init);
  }

  private placeholder(id: string): string {
    let placeholder = this.ids.get(id);
    if (!placeholder) this.ids.set(id, (placeholder = `<id-${this.ids.size + 1}>`));
    return placeholder;
  }
}

/** A sequence of requests against one fresh engine; it creates the engine and mounts it with `mount`. */
export interface Scenario {
  name: string;
  run(mount: (engine: ByoEngine) => Promise<Recorder>): Promise<void>;
}

/** Runs every scenario against one row and set-up; each scenario gets a fresh engine and host app. */
export async function recordRow(row: AdapterRow, host: HostOptions, scenarios: readonly Scenario[]): Promise<RecordedAnswer[]> {
  const answers: RecordedAnswer[] = [];
  for (const scenario of scenarios) {
    const started: { close(): Promise<void>; engine: ByoEngine; recorder: Recorder }[] = [];
    try {
      await scenario.run(async (engine) => {
        const app = await row.start(engine, host);
        const recorder = new Recorder(`${app.origin}${host.prefix}`, scenario.name, host.hostBodyParser);
        started.push({ close: () => app.close(), engine, recorder });
        return recorder;
      });
    } finally {
      for (const { close, engine } of started) {
        await engine.close({ graceMs: 0 });
        await close();
      }
    }
    for (const { recorder } of started) answers.push(...recorder.answers);
  }
  return answers;
}

export interface Difference {
  probe: string;
  /** Each distinct answer, with the transcripts that gave it. */
  groups: { transcripts: string[]; answer: Omit<RecordedAnswer, 'probe'> }[];
}

const signature = ({ status, contentType, headers, text, json }: RecordedAnswer) =>
  JSON.stringify({ status, contentType, headers, text, json });

/**
 * Compares transcripts with each other, probe by probe: every transcript that sent a probe must have
 * received the same status, Content-Type, engine headers and body (byte for byte, and as JSON). Returns
 * one difference per probe answered in more than one way.
 */
export function compareTranscripts(transcripts: ReadonlyMap<string, readonly RecordedAnswer[]>): Difference[] {
  const byProbe = new Map<string, Map<string, { transcripts: string[]; answer: RecordedAnswer }>>();
  for (const [transcript, answers] of transcripts) {
    for (const answer of answers) {
      let groups = byProbe.get(answer.probe);
      if (!groups) byProbe.set(answer.probe, (groups = new Map()));
      const key = signature(answer);
      const group = groups.get(key);
      if (group) group.transcripts.push(transcript);
      else groups.set(key, { transcripts: [transcript], answer });
    }
  }
  const differences: Difference[] = [];
  for (const [probe, groups] of byProbe) {
    if (groups.size === 1) continue;
    differences.push({
      probe,
      groups: [...groups.values()].map(({ transcripts: names, answer: { probe: _probe, ...answer } }) => ({ transcripts: names, answer })),
    });
  }
  return differences;
}
