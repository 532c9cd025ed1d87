/**
 * Lets the process exit while `timer` waits, where timers can be unref'd (Node, Bun, Deno); on Workers a
 * timer is a plain number and there is no process to keep alive.
 */
export function unrefTimer(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}
