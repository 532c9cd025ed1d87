/**
 * A mount point as adapters compare it: `''` for the root, otherwise `/a/b` with no trailing slash.
 * Throws at set-up time for a prefix that does not start with `/`.
 */
export function normalizeMountPath(prefix: string | undefined): string {
  if (prefix === undefined) return '';
  if (!prefix.startsWith('/')) throw new Error(`byo-engine: the prefix must start with "/" (got "${prefix}")`);
  return prefix.replace(/\/+$/, '');
}

/**
 * The part of `url` (a path, optionally with a query string) below `mountPath`, starting with `/`;
 * `undefined` when `url` is outside the mount point. Segment-aware and case-sensitive:
 * `/byo/translate` and `/byo?x` are below `/byo`, `/byox` and `/BYO/translate` are not.
 */
export function pathBelowMount(url: string, mountPath: string): string | undefined {
  if (!url.startsWith(mountPath)) return undefined;
  const rest = url.slice(mountPath.length);
  if (rest === '' || rest.startsWith('?')) return `/${rest}`;
  return rest.startsWith('/') ? rest : undefined;
}
