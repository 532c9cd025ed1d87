import type { Metadata, TranslateRequest } from '../../src/index.js';

/** The system prompt sent to the model unless you pass your own. */
export const DEFAULT_SYSTEM_PROMPT =
  'You are a professional translator. Translate each segment faithfully and fluently. Keep markup, ' +
  'placeholders (such as {0}, %s, {{name}}, <b>), numbers, line breaks and leading or trailing spaces as they are. ' +
  'Never merge, split, skip or explain segments.';

/** Metadata keys shown to the model by default; other keys (ids, routing data) stay out of the prompt. */
export const DEFAULT_PROMPT_METADATA_KEYS = ['formality', 'domain', 'tone', 'style', 'audience'] as const;

export interface PromptParts {
  systemPrompt: string;
  metadataKeys: readonly string[];
  sourceName: string;
  targetName: string;
}

/** The instructions: the team's system prompt, the language pair, glossary, chosen metadata and the answer format. */
export function instructions(request: TranslateRequest, parts: PromptParts): string {
  const lines = [parts.systemPrompt, '', `Translate from ${parts.sourceName} to ${parts.targetName}.`];
  const glossary = request.glossary ?? [];
  if (glossary.length) {
    lines.push('', 'Glossary: translate these terms exactly as given.');
    for (const { term, translation } of glossary) lines.push(`- ${JSON.stringify(term)} -> ${JSON.stringify(translation)}`);
  }
  const settings = metadataLines(request.metadata, parts.metadataKeys);
  if (settings.length) lines.push('', ...settings);
  lines.push(
    '',
    'The user sends {"segments":[{"i":0,"text":"..."},...]}. Answer with only a JSON object ' +
      '{"translations":[{"i":0,"text":"<translation of segment 0>"},...]} holding exactly one entry for every i, with the same i.',
  );
  return lines.join('\n');
}

export function segmentsMessage(texts: readonly string[]): string {
  return JSON.stringify({ segments: texts.map((text, i) => ({ i, text })) });
}

export function correctionMessage(problem: string, count: number): string {
  return `That answer could not be used: ${problem}. Answer again with only the JSON object, exactly one entry for each i from 0 to ${count - 1}.`;
}

function metadataLines(metadata: Metadata | undefined, keys: readonly string[]): string[] {
  if (!metadata) return [];
  return keys.flatMap((key) => {
    const value = metadata[key];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return [];
    return [`${key[0].toUpperCase()}${key.slice(1)}: ${String(value)}`];
  });
}

/** The `response_format` asked for: `json_object` (most servers), `json_schema` (LM Studio, strict servers), or none. */
export function responseFormat(kind: 'json_object' | 'json_schema' | 'none'): Record<string, unknown> | undefined {
  if (kind === 'none') return undefined;
  if (kind === 'json_object') return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: 'translations',
      strict: true,
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['translations'],
        properties: {
          translations: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['i', 'text'],
              properties: { i: { type: 'integer' }, text: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
