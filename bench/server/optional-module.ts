import { existsSync } from 'node:fs';

/** A part of the project that has not landed yet: the bench skips what needs it and says why. */
export class Unavailable extends Error {}

/** Imports `exportName` from a repository file (path from the repo root) that may not exist yet. */
export async function importOptional<T>(repoPath: string, exportName: string): Promise<T> {
  const url = new URL(`../../${repoPath}`, import.meta.url);
  if (!existsSync(url)) throw new Unavailable(`${repoPath} does not exist yet`);
  const module = (await import(url.href)) as Record<string, unknown>;
  if (module[exportName] === undefined) throw new Unavailable(`${repoPath} does not export ${exportName}`);
  return module[exportName] as T;
}
