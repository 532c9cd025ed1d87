/** The model's answer for a batch: the translations in index order, or what was wrong with it. */
export type ParsedAnswer = { ok: true; texts: string[] } | { ok: false; problem: string };

/**
 * Reads `{"translations":[{"i":0,"text":"..."}, ...]}` (a bare list, `index`/`id` for `i` and
 * `translation` for `text` are accepted too, as are code fences around the JSON). Order does not
 * matter; every index from 0 to count-1 must be there exactly once.
 */
export function parseTranslations(content: string | null | undefined, count: number): ParsedAnswer {
  if (typeof content !== 'string' || content.trim() === '') return { ok: false, problem: 'the answer was empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripCodeFence(content));
  } catch {
    return { ok: false, problem: 'the answer was not valid JSON' };
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { translations?: unknown } | null)?.translations;
  if (!Array.isArray(list)) return { ok: false, problem: 'the answer had no "translations" list' };

  const texts = new Array<string | undefined>(count);
  const seen = new Array<number>(count).fill(0);
  const unknown: string[] = [];
  for (const entry of list) {
    const index = indexOf(entry);
    const text = textOf(entry);
    if (index === undefined || text === undefined) return { ok: false, problem: 'an entry lacked a numeric "i" or a string "text"' };
    if (index < 0 || index >= count) {
      unknown.push(String(index));
      continue;
    }
    seen[index]++;
    texts[index] = text;
  }
  const missing = seen.flatMap((times, index) => (times === 0 ? [index] : []));
  const repeated = seen.flatMap((times, index) => (times > 1 ? [index] : []));
  const problems = [
    missing.length ? `missing ${listed(missing)}` : '',
    repeated.length ? `repeated ${listed(repeated)}` : '',
    unknown.length ? `unknown ${listed(unknown)}` : '',
  ].filter(Boolean);
  if (problems.length) return { ok: false, problem: `indices ${problems.join('; ')}` };
  return { ok: true, texts: texts as string[] };
}

function stripCodeFence(content: string): string {
  const fenced = /^\s*```[a-zA-Z]*\s*\n?([\s\S]*?)\n?\s*```\s*$/.exec(content);
  return fenced ? fenced[1] : content;
}

function indexOf(entry: unknown): number | undefined {
  if (entry === null || typeof entry !== 'object') return undefined;
  const record = entry as Record<string, unknown>;
  const raw = record.i ?? record.index ?? record.id;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function textOf(entry: unknown): string | undefined {
  const record = entry as Record<string, unknown>;
  const value = record.text ?? record.translation;
  return typeof value === 'string' ? value : undefined;
}

function listed(values: readonly (number | string)[]): string {
  return values.length > 10 ? `${values.slice(0, 10).join(', ')} and ${values.length - 10} more` : values.join(', ');
}
