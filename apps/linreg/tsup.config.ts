import { defineConfig } from 'tsup';
import { gradTsup } from '@grad/tsup-config';

// An app, not a library: one ESM entry with its shebang, no declarations.
export default defineConfig({ ...gradTsup({ entry: { cli: 'src/cli.ts' }, platform: 'node' }), format: ['esm'], dts: false });
