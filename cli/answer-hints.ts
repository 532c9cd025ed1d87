// The most likely cause of an unexpected answer, so a failing check says what to fix, not only what came back.
import { headerValue, type Answer } from './engine-client.js';

/** The engine's own 413 message (src/http/read-body.ts): anything else came from in front of it. */
const ENGINE_TOO_LARGE = /^Request body is larger than the limit of \d+ bytes$/;

const kilobytes = (bytes: number) => `${Math.round(bytes / 1000)} kB`;

/** The `error` string of a JSON error answer, when the answer is one. */
function engineErrorMessage(answer: Answer): string | undefined {
  try {
    const { error } = JSON.parse(answer.text) as { error?: unknown };
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

/** A short view of a non-JSON answer: an HTML page's title, or its first text. */
function pageSummary(answer: Answer): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(answer.text)?.[1]?.trim();
  const text = (title || answer.text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text ? `: ${JSON.stringify(text.slice(0, 80))}` : '';
}

/** Who refused a large body: an Express/body-parser or Koa parser, nginx, or something unnamed in front. */
function tooLargeRefuser(answer: Answer): string {
  const server = headerValue(answer.headers, 'server') ?? '';
  if (/nginx/i.test(server) || /nginx/i.test(answer.text)) {
    return 'nginx in front of the engine refused it: raise client_max_body_size (1m by default) to 10m';
  }
  if (/PayloadTooLargeError|request entity too large|entity\.too\.large/i.test(answer.text)) {
    return (
      'a body parser in front of the engine refused it (body-parser: express.json() allows 100 kB by default): mount ' +
      "byo-engine before the parser, or raise its limit (express.json({ limit: '10mb' }))"
    );
  }
  return (
    'something in front of the engine refused it: a body parser (express.json() allows 100 kB by default, koa-bodyparser 1 MB) ' +
    'or a proxy (nginx client_max_body_size): mount byo-engine before the parser, or raise the limit to 10 MB'
  );
}

/**
 * Why an answer with an unexpected status most likely came back, to follow `status 413, expected 200`.
 * `expected` are the statuses the check wanted; a cause is named only for answers it did not expect.
 */
export function likelyCause(answer: Answer, expected: readonly number[]): string | undefined {
  if (expected.includes(answer.status)) return undefined;
  const engineMessage = engineErrorMessage(answer);
  if (answer.status === 413) {
    const request = answer.sentBytes > 0 ? `a ${kilobytes(answer.sentBytes)} request` : 'the request';
    if (engineMessage !== undefined && ENGINE_TOO_LARGE.test(engineMessage)) {
      return `the engine's own limit refused ${request}: raise its limits.maxBodyBytes (Phrase sends up to 500 segments)`;
    }
    return `413 Payload Too Large for ${request}: ${tooLargeRefuser(answer)}`;
  }
  if (answer.status === 404) {
    return 'no such path: does the base URL include the path the engine is mounted at (such as http://host:8080/byo)?';
  }
  if (answer.status === 401 || answer.status === 403) {
    return 'the credentials were refused: check --api-token (or $BYO_API_TOKEN), or the client credentials and their scopes';
  }
  if (engineMessage === undefined) {
    const contentType = headerValue(answer.headers, 'content-type') ?? 'no Content-Type';
    const what = /html/i.test(contentType) ? 'an HTML page' : `a ${contentType.split(';', 1)[0]} body`;
    return (
      `${what}${pageSummary(answer)} instead of the engine's JSON error: something in front of the engine answered ` +
      "(a proxy, a body parser or the host's error handler)"
    );
  }
  return undefined;
}
