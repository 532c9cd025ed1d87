/** Markup that is already safe to put in the page: built by `html` or `rawHtml`, never from a plain string. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Interpolation = string | number | SafeHtml | readonly SafeHtml[] | undefined;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value: `& < > " '` become character references. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);

/**
 * A template whose interpolated strings and numbers are escaped, so text from the engine (check messages,
 * the base URL) cannot become markup; `SafeHtml` values (and arrays of them) go in as they are.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let text = strings[0];
  values.forEach((value, index) => {
    text += interpolate(value) + strings[index + 1];
  });
  return new SafeHtml(text);
}

/** Markup the caller vouches for: the inlined chart library, styles and scripts. */
export const rawHtml = (text: string): SafeHtml => new SafeHtml(text);

function interpolate(value: Interpolation): string {
  if (value === undefined) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map((item: SafeHtml) => item.text).join('');
  return escapeHtml(String(value));
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&` and the two line separators as `\u`
 * escapes, so no string in it (`</script>`, `<!--`) can end the element early. `JSON.parse` reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
