// @ts-check
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/**
 * Tests import the `@grad/*` packages from their TypeScript sources, so
 * `pnpm test:unit` needs no build first: every package's exports map has an
 * `@grad/source` condition pointing at its `src/`, and vitest resolves with
 * it (as `tsc` does through `customConditions`, and the browser tests'
 * esbuild bundles through `conditions`). No alias list to keep by hand, and a
 * test can only import a package its own package.json declares.
 */
const conditions = ['@grad/source', 'module', 'node', 'development|production'];

/**
 * One package's vitest project.
 * @param {{ name: string, setupFiles?: string[], testTimeout?: number, environment?: string, include?: string[] }} options
 */
export function gradProject(options) {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      name: options.name,
      include: options.include ?? ['test/**/*.test.ts'],
      setupFiles: [fileURLToPath(new URL('./matchers.js', import.meta.url)), ...(options.setupFiles ?? [])],
      testTimeout: options.testTimeout ?? 30_000,
      environment: options.environment ?? 'node',
    },
  });
}
