/** What a bench child tells the parent over IPC. */
export type ChildMessage =
  | { kind: 'ready'; port: number; bearer?: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'result'; value: unknown }
  | { kind: 'cpu'; micros: number };

/** Sends the message; the child exits when the parent goes away (which flushes a `--cpu-prof` profile). */
export function reportToParent(message: ChildMessage): void {
  process.send!(message);
  process.once('disconnect', () => process.exit(0));
}

/**
 * Answers the parent's `cpu` queries with this process's CPU time (user + system, µs), so the parent can
 * divide the server's own work by the requests it answered, whatever else the machine was doing.
 */
export function answerCpuQueries(): void {
  process.on('message', (query) => {
    if (query === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ kind: 'cpu', micros: user + system } satisfies ChildMessage);
    }
  });
}
