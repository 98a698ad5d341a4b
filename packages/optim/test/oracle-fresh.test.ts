/**
 * Where real PyTorch is installed, oracle/generate.py runs again and every
 * committed fixture must come out byte for byte the same (see
 * @grad/vitest-config/pytorch-fixtures); skipped with the reason without
 * PyTorch, failed under CI=true.
 */
import { fileURLToPath } from 'node:url';
import { checkFixturesRegenerate } from '@grad/vitest-config/pytorch-fixtures';
import { FIXTURES } from './oracle-cases.js';

checkFixturesRegenerate({
  generator: fileURLToPath(new URL('../oracle/generate.py', import.meta.url)),
  args: (out) => ['--out', out],
  fixtureDir: fileURLToPath(FIXTURES),
  command: 'pnpm --filter @grad/optim oracle',
});
