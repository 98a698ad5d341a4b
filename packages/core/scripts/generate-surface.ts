/** Writes the generated public surface (see surface.ts). Run: `pnpm --filter @grad/core generate`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FUNCTIONS_FILE, INDEX_FILE, renderFunctions, withIndexBlock } from './surface.js';

const root = resolve(import.meta.dirname, '..');
writeFileSync(resolve(root, FUNCTIONS_FILE), renderFunctions());
const indexPath = resolve(root, INDEX_FILE);
writeFileSync(indexPath, withIndexBlock(readFileSync(indexPath, 'utf8')));
console.log(`generated ${FUNCTIONS_FILE} and the block in ${INDEX_FILE}`);
