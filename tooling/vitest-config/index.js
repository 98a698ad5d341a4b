// @ts-check
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { defineProject } from 'vitest/config';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Tests import the `@grad/*` packages from their TypeScript sources, so
 * `pnpm test:unit` needs no build first (the `@grad/source` export condition
 * does the same for `tsc`).
 */
const sourceAliases = [
  { find: /^@grad\/core\/testing$/, replacement: resolve(workspaceRoot, 'packages/core/src/testing/index.ts') },
  { find: /^@grad\/core$/, replacement: resolve(workspaceRoot, 'packages/core/src/index.ts') },
  { find: /^@grad\/backend-cpu$/, replacement: resolve(workspaceRoot, 'packages/backend-cpu/src/index.ts') },
  { find: /^@grad\/backend-gpujs$/, replacement: resolve(workspaceRoot, 'packages/backend-gpujs/src/index.ts') },
  { find: /^@grad\/optim$/, replacement: resolve(workspaceRoot, 'packages/optim/src/index.ts') },
  { find: /^@grad\/viz$/, replacement: resolve(workspaceRoot, 'packages/viz/src/index.ts') },
];

/**
 * One package's vitest project.
 * @param {{ name: string, setupFiles?: string[], testTimeout?: number, environment?: string, include?: string[] }} options
 */
export function gradProject(options) {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name: options.name,
      include: options.include ?? ['test/**/*.test.ts'],
      setupFiles: [fileURLToPath(new URL('./matchers.js', import.meta.url)), ...(options.setupFiles ?? [])],
      testTimeout: options.testTimeout ?? 30_000,
      environment: options.environment ?? 'node',
    },
  });
}
