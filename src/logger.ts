import { TranslatorFailure } from './translation/translator-failure.js';

/** The logging calls the engine makes; pino, bunyan-style and console-wrapping loggers all fit. */
export interface Logger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** Default: warnings and errors as JSON lines on stderr, each with an ISO timestamp; info is dropped. */
export const stderrLogger: Logger = {
  info() {},
  warn(details, message) {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: message, ...details })}\n`);
  },
  error(details, message) {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: message, ...details })}\n`);
  },
};

/**
 * An error's name, message and stack. A translator failure also carries the translator's own error as
 * `cause` (its stack points at the line that threw), one level only: a cause's own causes and properties
 * may hold what the translator's client library knew (URLs, keys), and stay out.
 */
function describeError(error: Error, withCause: boolean): Record<string, unknown> {
  const described: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  if (withCause && error.cause instanceof Error) described.cause = describeError(error.cause, false);
  return described;
}

/** An error as a log field: name, message and stack (and its cause's), never the request it came from. */
export function errorDetails(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { err: describeError(error, error instanceof TranslatorFailure) };
  return { err: { value: String(error) } };
}
