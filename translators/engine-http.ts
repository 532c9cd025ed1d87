import { EngineHttpError, EngineNetworkError, parseRetryAfter } from './engine-errors.js';

export interface EngineCall {
  /** The engine's name in messages: `DeepL`, `LibreTranslate`... */
  engine: string;
  url: string;
  headers?: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  /** Values that must never appear in a message (API keys). */
  secrets?: readonly (string | undefined)[];
  /** An engine-specific message for an HTTP error, or undefined for the generic one. */
  describeStatus?: (status: number) => string | undefined;
}

const MAX_DETAIL = 200;

/**
 * POSTs JSON to an engine with the global fetch and returns its parsed JSON answer. Throws
 * `EngineNetworkError` when the engine cannot be reached and `EngineHttpError` (with `Retry-After`)
 * for an HTTP error; messages carry the engine's own explanation but never a credential.
 */
export async function postJson(call: EngineCall): Promise<unknown> {
  const redact = redactor(call.secrets ?? []);
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...call.headers },
      body: JSON.stringify(call.body),
      signal: call.signal,
    });
  } catch (error) {
    if (call.signal.aborted) throw error;
    throw new EngineNetworkError(redact(`could not reach ${call.engine} at ${new URL(call.url).origin}: ${networkReason(error)}`), {
      cause: error,
    });
  }
  const text = await response.text().catch((error: unknown) => {
    if (call.signal.aborted) throw error;
    throw new EngineNetworkError(`${call.engine} broke off its answer: ${networkReason(error)}`, { cause: error });
  });
  if (!response.ok) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    const explained = call.describeStatus?.(response.status) ?? genericExplanation(call.engine, response.status);
    // The engine's words help, except after a credential error, where they may echo part of the key.
    const detail = response.status === 401 || response.status === 403 ? undefined : errorDetail(text);
    const message = detail ? `${explained}: ${redact(detail)}` : explained;
    throw new EngineHttpError(response.status, message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${call.engine} answered HTTP ${response.status} with a body that is not JSON`);
  }
}

function genericExplanation(engine: string, status: number): string {
  if (status === 401 || status === 403) return `${engine} rejected the credentials (HTTP ${status}): check the API key`;
  if (status === 429) return `${engine} is rate limiting requests (HTTP 429)`;
  return `${engine} answered HTTP ${status}`;
}

/** The message in a JSON error body (`message`, `error`, `error.message`, `detail`), else short text. */
function errorDetail(text: string): string | undefined {
  let detail: unknown = text;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error as Record<string, unknown> | string | undefined;
    detail = (typeof error === 'object' && error !== null ? error.message : error) ?? body.message ?? body.detail;
  } catch {
    // not JSON: the text itself
  }
  if (typeof detail !== 'string') return undefined;
  const oneLine = detail.replace(/\s+/g, ' ').trim();
  if (!oneLine) return undefined;
  return oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL)}...` : oneLine;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const values = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
  return (text) => values.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

/** `path` under `baseUrl`, whether or not the base ends with a slash: (`http://h/v1`, `chat/completions`) -> `http://h/v1/chat/completions`. */
export function endpointUrl(baseUrl: string, path: string): string {
  return new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}
