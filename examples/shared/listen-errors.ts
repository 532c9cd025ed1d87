/**
 * A server that cannot listen says why and exits non-zero: a busy port is the usual case (another example
 * still running, another app on 8080), and it deserves one line, not a stack trace.
 */
export function exitOnListenError(error: Error, port: number): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(
      `Port ${port} is already in use: stop what uses it, or start with PORT=<another port> (PORT=0 picks a free one)\n`,
    );
  } else if (code === 'EACCES') {
    process.stderr.write(`Port ${port} needs privileges this process lacks: use a port above 1023 (PORT=8080)\n`);
  } else {
    process.stderr.write(`Cannot listen on port ${port}: ${error.message}\n`);
  }
  process.exit(1);
}
