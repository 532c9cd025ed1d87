/** Request-metadata keys whose values Phrase fills in from its placeholders `{project_uid}`, `{job_uid}`, `{idm_organization_uid}`. */
export const PHRASE_ID_KEYS = ['project_uid', 'job_uid', 'idm_organization_uid'] as const;

export type PhraseIds = Partial<Record<(typeof PHRASE_ID_KEYS)[number], string>>;

/**
 * The Phrase ids in a request body's `metadata`, when the engine's metadata in Phrase uses the placeholders
 * (`"project_uid": "{project_uid}"`) and Phrase resolved them. Unresolved placeholders and non-strings are left out.
 */
export function phraseIds(body: unknown): PhraseIds | undefined {
  const metadata = (body as { metadata?: unknown } | undefined)?.metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  let ids: PhraseIds | undefined;
  for (const key of PHRASE_ID_KEYS) {
    const value = (metadata as Record<string, unknown>)[key];
    if (typeof value !== 'string' || value === '' || value.startsWith('{')) continue;
    (ids ??= {})[key] = value.slice(0, 200);
  }
  return ids;
}
