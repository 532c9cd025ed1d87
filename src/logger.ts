/** The logging calls the engine makes; pino, bunyan-style and console-wrapping loggers all fit. */
export interface Logger {
  /** Routine events (a connection restored, a token issued). */
  info(details: Record<string, unknown>, message: string): void;
  /** Something the operator should look at; the engine carries on. */
  warn(details: Record<string, unknown>, message: string): void;
  /** A failure: a translator or store error, an answer that could not be given. */
  error(details: Record<string, unknown>, message: string): void;
}

/** Default: warnings and errors as JSON lines on stderr; info is dropped. */
export const stderrLogger: Logger = {
  info() {},
  warn(details, message) {
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg: message, ...details })}\n`);
  },
  error(details, message) {
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: message, ...details })}\n`);
  },
};

/** An error as a log field: name, message and stack, never the request it came from. */
export function errorDetails(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { err: { name: error.name, message: error.message, stack: error.stack } };
  return { err: { value: String(error) } };
}
