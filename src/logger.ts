import { TranslatorFailure } from './translation/translator-failure.js';

/**
 * The logging calls the engine makes. A pino logger fits as it is (no wrapper), and so do bunyan-style and
 * console-wrapping loggers. `debug` and `child` are optional: without `child`, per-request and per-job
 * lines carry their ids in the details instead.
 */
export interface Logger {
  /** Routine events (a connection restored, a token issued). */
  info(details: Record<string, unknown>, message: string): void;
  /** Something the operator should look at; the engine carries on. */
  warn(details: Record<string, unknown>, message: string): void;
  /** A failure: a translator or store error, an answer that could not be given. */
  error(details: Record<string, unknown>, message: string): void;
  /** Things that are the caller's doing, not the server's (a caller that went away mid-body). */
  debug?(details: Record<string, unknown>, message: string): void;
  /** A logger whose every line carries `bindings` (pino's `child`). */
  child?(bindings: Record<string, unknown>): Logger;
}

/** stderr where the runtime has one; `console.error` elsewhere (Workers' `process` has no `stderr`). */
function writeErrorLine(text: string): void {
  const stderr = typeof process === 'undefined' ? undefined : (process.stderr as NodeJS.WriteStream | undefined);
  if (stderr && typeof stderr.write === 'function') stderr.write(`${text}\n`);
  else console.error(text);
}

function stderrLine(level: 'warn' | 'error', bindings: Record<string, unknown> | undefined) {
  return (details: Record<string, unknown>, message: string) => {
    const line = { time: new Date().toISOString(), level, msg: message, ...bindings, ...details };
    writeErrorLine(JSON.stringify(line));
  };
}

function createStderrLogger(bindings?: Record<string, unknown>): Logger {
  return {
    info() {},
    debug() {},
    warn: stderrLine('warn', bindings),
    error: stderrLine('error', bindings),
    child: (more) => createStderrLogger({ ...bindings, ...more }),
  };
}

/** Default: warnings and errors as JSON lines on stderr, with an ISO timestamp; info and debug are dropped. */
export const stderrLogger: Logger = createStderrLogger();

/** A logger whose lines carry `bindings`: the logger's own child when it has one, else one that adds them. */
export function childLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  if (typeof logger.child === 'function') return logger.child(bindings);
  const merged = (details: Record<string, unknown>) => ({ ...bindings, ...details });
  return {
    info: (details, message) => logger.info(merged(details), message),
    warn: (details, message) => logger.warn(merged(details), message),
    error: (details, message) => logger.error(merged(details), message),
    debug: (details, message) => logger.debug?.(merged(details), message),
  };
}

/** Logs at `debug` when the logger has that level; such lines are dropped otherwise. */
export function logDebug(logger: Logger, details: Record<string, unknown>, message: string): void {
  logger.debug?.(details, message);
}

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
