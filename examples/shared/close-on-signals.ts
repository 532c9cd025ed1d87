import type { ByoEngine } from 'byo-engine';

/**
 * On SIGTERM/SIGINT: the engine closes first while the server still listens (new translations get 503 with
 * Retry-After, Phrase can still poll and fetch results, running jobs get SHUTDOWN_GRACE_MS to finish and
 * the rest end `failed`, saying the server shut down); then `closeServer` runs and the process exits.
 */
export function closeOnSignals(engine: ByoEngine, closeServer: () => unknown): void {
  const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
  const shutdown = async (signal: string) => {
    console.log(`${signal}: finishing running jobs (up to ${graceMs} ms), then exiting`);
    await engine.close({ graceMs });
    await closeServer();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
