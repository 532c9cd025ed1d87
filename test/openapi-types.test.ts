// src/generated/api-types.ts must be what `npm run gen:types` writes from the current document.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiTypes } from '../scripts/render-api-types.js';

describe('generated API types', () => {
  it('src/generated/api-types.ts is up to date with the document (run `npm run gen:types` if not)', async () => {
    const committed = readFileSync(new URL('../src/generated/api-types.ts', import.meta.url), 'utf8');
    expect(committed, 'src/generated/api-types.ts is stale: run npm run gen:types').toBe(await renderApiTypes());
  });

  it("the rendering carries the document's enums", async () => {
    const rendered = await renderApiTypes();
    expect(rendered).toContain('status: "ok" | "not_ok"');
    expect(rendered).toContain('status: "running" | "done" | "failed"');
  });
});
