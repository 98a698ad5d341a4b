// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Which `@grad` packages each layer may import (STYLE.md, "Who may import whom"):
 * core imports none, backends / optim / viz import only core, apps import all.
 */
const boundaries = {
  core: { allowed: [], browserSafe: true },
  backend: { allowed: ['@grad/core'], browserSafe: true },
  library: { allowed: ['@grad/core'], browserSafe: false },
  app: { allowed: null, browserSafe: false },
};

/**
 * Core's one dispatch module (src/dispatch/) is the only place that calls a
 * backend's kernels, so device and dtype checks, temporaries and fast paths
 * live in one file; reaching `.kernels` anywhere else in core is an error.
 */
const kernelsOnlyInDispatch = {
  files: ['src/**/*.ts'],
  ignores: ['src/dispatch/**', 'src/testing/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: "MemberExpression[property.name='kernels']",
        message: "Only core's dispatch module (src/dispatch/) calls backend kernels: use its run* functions.",
      },
    ],
  },
};

/**
 * @param {{ layer: keyof typeof boundaries }} options
 */
export function gradEslint({ layer }) {
  const rule = boundaries[layer];
  /** @type {any[]} */
  const restricted = [];
  if (rule.allowed !== null) {
    // gitignore-style patterns: forbid every @grad package, then re-allow the permitted ones.
    restricted.push({
      group: ['@grad/*', ...rule.allowed.flatMap((name) => [`!${name}`, `!${name}/*`])],
      message: `A ${layer} package may import only: ${rule.allowed.join(', ') || 'no @grad package'}.`,
    });
  }
  if (rule.browserSafe) {
    restricted.push({
      group: ['node:*', 'fs', 'path', 'util', 'os', 'child_process', 'worker_threads'],
      message: 'This package runs in browsers too: no Node-only module in its import graph.',
    });
  }
  return tseslint.config(
    { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/**', '**/*.d.ts'] },
    ...tseslint.configs.recommended,
    {
      files: ['**/*.ts'],
      rules: {
        '@typescript-eslint/no-explicit-any': 'off',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/no-this-alias': 'off',
        '@typescript-eslint/no-unsafe-declaration-merging': 'off',
        '@typescript-eslint/no-empty-object-type': 'off',
      },
    },
    {
      files: ['src/**/*.ts'],
      ignores: ['src/testing/**'],
      rules: restricted.length ? { 'no-restricted-imports': ['error', { patterns: restricted }] } : {},
    },
    ...(layer === 'core' ? [kernelsOnlyInDispatch] : []),
  );
}
