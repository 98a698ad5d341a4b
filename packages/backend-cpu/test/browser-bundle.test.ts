import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Core and the CPU backend must run in browsers: bundling them for the
// browser platform must succeed with no Node built-in in the import graph,
// and the bundle must compute the tutorial's value when run.
// Resolved as a browser app would resolve the packages, from their sources
// through the `@grad/source` export condition.
const packageDir = resolve(__dirname, '..');

describe('browser bundle of @grad/core + @grad/backend-cpu', () => {
  it('bundles for the browser without Node built-ins and runs the tutorial', async () => {
    const out = await build({
      stdin: {
        contents: `
          import { registerBackend, tensor } from '@grad/core';
          import { cpu } from './src/index.ts';
          registerBackend(cpu());
          const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
          const out = x.add(2).pow(2).mul(3).mean();
          out.backward();
          // The WebAssembly SIMD kernels, forced on these small tensors, inside the bundle.
          registerBackend(cpu({ simd: 'always', threads: 1 }));
          const a = tensor([[1, 2], [3, 4]]);
          const simd = { mm: a.matmul(a).tolist(), tanh0: a.sub(a).tanh().tolist() };
          globalThis.__result = { out: String(out), grad: x.grad.tolist(), simd };
        `,
        resolveDir: packageDir,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@grad/source'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile!.inputs);
    expect(inputs.filter((p) => p.startsWith('node:') || p.includes('node_modules'))).toEqual([]);
    const code = out.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\(["']node:/);
    // Run it in a fresh function scope, as a page would.
    const scope: { __result?: { out: string; grad: number[][]; simd: unknown } } = {};
    new Function('globalThis', code)(scope);
    // [[1,2],[3,4]]² = [[7,10],[15,22]]; tanh(0) = 0.
    expect(scope.__result).toEqual({ out: 'tensor(40.5000, grad_fn=<MeanBackward0>)', grad: [[3, 4.5], [6, 7.5]], simd: { mm: [[7, 10], [15, 22]], tanh0: [[0, 0], [0, 0]] } });
  });
});
