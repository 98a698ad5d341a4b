// @ts-check
/**
 * The one build configuration of the published packages: ESM and CJS side by
 * side, declarations for both (`.d.ts` and `.d.cts`), source maps, and the
 * `@grad/*` packages left as imports (never bundled into each other).
 *
 * @param {{ entry?: Record<string, string> | string[], platform?: 'neutral' | 'node' | 'browser' }} [options]
 * @returns {import('tsup').Options}
 */
export function gradTsup(options = {}) {
  return {
    entry: options.entry ?? { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: false,
    target: 'es2022',
    platform: options.platform ?? 'neutral',
    external: [/^@grad\//],
  };
}
