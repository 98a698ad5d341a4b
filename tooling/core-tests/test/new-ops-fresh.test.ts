/**
 * Where real PyTorch is installed, fixtures/new-ops.py runs again and
 * new-ops.json must come out byte for byte the same (see
 * @grad/vitest-config/pytorch-fixtures); skipped with the reason without
 * PyTorch, failed under CI=true.
 */
import { fileURLToPath } from 'node:url';
import { checkFixturesRegenerate } from '@grad/vitest-config/pytorch-fixtures';

checkFixturesRegenerate({
  generator: fileURLToPath(new URL('./fixtures/new-ops.py', import.meta.url)),
  args: (out) => [out],
  fixtureDir: fileURLToPath(new URL('./fixtures/', import.meta.url)),
  command: 'pnpm --filter @grad/core-tests oracle',
});
