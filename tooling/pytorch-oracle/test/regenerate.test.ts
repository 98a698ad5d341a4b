/**
 * Where real PyTorch is installed, the generator runs again and every
 * committed fixture must come out byte for byte the same (see
 * @grad/vitest-config/pytorch-fixtures); skipped with the reason without
 * PyTorch, failed under CI=true.
 */
import { fileURLToPath } from 'node:url';
import { checkFixturesRegenerate } from '@grad/vitest-config/pytorch-fixtures';
import { FIXTURE_DIR } from './fixtures.js';

checkFixturesRegenerate({
  generator: fileURLToPath(new URL('../generator/generate.py', import.meta.url)),
  args: (out) => [out],
  fixtureDir: FIXTURE_DIR,
  command: 'pnpm --filter @grad/pytorch-oracle oracle',
});
