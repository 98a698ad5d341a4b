import { defineConfig } from 'vitest/config';

// One vitest run over every package's project, so CI gets one closing line.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/core-tests', 'tooling/pytorch-oracle'],
    reporters: ['./tooling/vitest-config/reporter.js'],
  },
});
