// Writes src/generated/api-types.ts from the document built in code (run: npm run gen:types).
import { writeFileSync } from 'node:fs';
import { renderApiTypes } from './render-api-types.js';

const target = new URL('../src/generated/api-types.ts', import.meta.url);
writeFileSync(target, await renderApiTypes());
console.log(`wrote ${target.pathname}`);
