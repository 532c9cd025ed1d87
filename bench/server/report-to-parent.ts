/** What a bench child tells the parent over IPC. */
export type ChildMessage =
  | { kind: 'ready'; port: number; bearer?: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'result'; value: unknown };

/** Sends the message; the child exits when the parent goes away (which flushes a `--cpu-prof` profile). */
export function reportToParent(message: ChildMessage): void {
  process.send!(message);
  process.once('disconnect', () => process.exit(0));
}
