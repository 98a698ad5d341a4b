import { defineConfig } from 'tsup';
import { gradTsup } from '@grad/tsup-config';

export default defineConfig(gradTsup({ entry: { index: 'src/index.ts' }, platform: 'neutral' }));
