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

/** Causes followed: enough for a wrapper around a library error around a socket error. */
const MAX_CAUSE_DEPTH = 3;

function describeError(error: Error, depth: number): Record<string, unknown> {
  const described: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  // The cause's own stack points at the code that failed (a translator's line), not at the wrapper.
  if (error.cause instanceof Error && depth < MAX_CAUSE_DEPTH) described.cause = describeError(error.cause, depth + 1);
  return described;
}

/** An error as a log field: name, message and stack (and its cause's), never the request it came from. */
export function errorDetails(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { err: describeError(error, 0) };
  return { err: { value: String(error) } };
}
