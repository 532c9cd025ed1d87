// Writes src/generated/schema-validators.ts from the document built in code (run: npm run gen:validators).
import { writeFileSync } from 'node:fs';
import { renderSchemaValidators } from './render-schema-validators.js';

const target = new URL('../src/generated/schema-validators.ts', import.meta.url);
writeFileSync(target, renderSchemaValidators());
console.log(`wrote ${target.pathname}`);
