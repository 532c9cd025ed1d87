import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../cli/report/html-report.js';
import { escapeHtml, html, jsonForScript, rawHtml } from '../../cli/report/safe-html.js';
import { HOSTILE, hostileReportInput } from './report-fixtures.js';

const ESCAPED = escapeHtml(HOSTILE);

/** The text of every `<script>` element, in order, as an HTML parser splits them (the first `</script` ends one). */
const scriptTexts = (page: string) => [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script/gi)].map(([, text]) => text);

describe('the HTML report escapes what the engine controls', () => {
  const input = hostileReportInput();
  const page = renderHtmlReport(input);

  it('keeps exactly its three script elements: hostile text never opens or closes one', () => {
    expect(page.match(/<script\b/gi)).toHaveLength(3);
    expect(page.match(/<\/script/gi)).toHaveLength(3);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
  });

  it('puts hostile text in the page as character references, in text and in attributes', () => {
    expect(ESCAPED).toBe(
      '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&#39; &amp; &lt;!--',
    );
    expect(page).toContain(`<td class="text">${ESCAPED}`);
    expect(page).toContain(`<li>second ${ESCAPED}</li>`);
    expect(page).toContain(`data-endpoint="POST /${ESCAPED}"`);
    expect(page).toContain(`<title>byo-engine check: http://127.0.0.1:1/${ESCAPED}</title>`);
  });

  it('embeds the whole input as JSON that reads back unchanged', () => {
    const [data] = scriptTexts(page);
    expect(data).not.toMatch(/[<>&]/);
    expect(JSON.parse(data)).toEqual(input);
  });

  it('lets only its own inline scripts and styles run, by hash, and fetches nothing', () => {
    // The attribute holds the policy HTML-escaped (' as &#39;); the browser reads it decoded.
    const attribute = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)![1];
    const policy = attribute.replaceAll('&#39;', "'");
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const [, chartLibrary, drawCharts] = scriptTexts(page);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1];
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash(chartLibrary)} ${hash(drawCharts)}`,
      `style-src ${hash(style)}`,
      'img-src data:',
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    expect(chartLibrary).toMatch(/^\/\*! uPlot \d+\.\d+\.\d+\nThe MIT License/);
    expect(page).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
  });
});

describe('html and jsonForScript', () => {
  it('escapes strings and numbers, and leaves SafeHtml and arrays of it as they are', () => {
    const items = ['<a>', '&'].map((item) => html`<li>${item}</li>`);
    expect(html`<p title="${'"x"'}">${'<b>'}${42}${rawHtml('<i>ok</i>')}${items}${undefined}</p>`.text).toBe(
      '<p title="&quot;x&quot;">&lt;b&gt;42<i>ok</i><li>&lt;a&gt;</li><li>&amp;</li></p>',
    );
  });

  it('writes JSON with no character that can end a script element or a comment in it', () => {
    const value = { text: '</script><!-- \u2028\u2029 &amp;' };
    const json = jsonForScript(value);
    expect(json).toBe('{"text":"\\u003c/script\\u003e\\u003c!-- \\u2028\\u2029 \\u0026amp;"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
