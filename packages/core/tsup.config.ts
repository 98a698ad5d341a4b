import { defineConfig } from 'tsup';
import { gradTsup } from '@grad/tsup-config';

export default defineConfig(gradTsup({ entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', backend: 'src/backend/index.ts' }, platform: 'neutral' }));
