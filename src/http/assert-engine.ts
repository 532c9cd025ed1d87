/** What an adapter was given instead of an engine, for the error message. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value).slice(0, 5);
  return keys.length ? `an object with ${keys.join(', ')}` : 'an empty object';
}

/** A framework's request or context: what an adapter receives when it is mounted without being called. */
function looksLikeHostRequest(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (typeof candidate.method === 'string' && typeof candidate.headers === 'object') || ('req' in candidate && 'res' in candidate);
}

/**
 * Throws at once when an adapter is given something that is not an engine, instead of failing (or hanging)
 * on every request. `usage` shows the right call, such as `app.use('/byo', byoExpress(engine))`.
 */
export function assertEngine(value: unknown, usage: string): void {
  if (typeof (value as { handle?: unknown } | null | undefined)?.handle === 'function') return;
  if (looksLikeHostRequest(value)) {
    throw new TypeError(`byo-engine: the adapter was mounted itself instead of the middleware it returns; write ${usage}`);
  }
  throw new TypeError(
    `byo-engine: the adapter needs the engine that createByoEngine() returns, got ${describeValue(value)}; write ${usage}`,
  );
}
