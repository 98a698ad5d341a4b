import { gradProject } from '@grad/vitest-config';

// Only for `pnpm matrix` (tooling/scripts/support-matrix.mjs); not a project of the root `vitest run`.
export default gradProject({ name: 'matrix', include: ['matrix/**/*.test.ts'], testTimeout: 120_000 });
