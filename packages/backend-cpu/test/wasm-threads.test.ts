import { expect, it } from 'vitest';
import type { StridedView } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { WasmRuntime } from '../src/wasm/runtime.js';
import { wasmMatmul } from '../src/wasm/matmul-wasm.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { simdRequirement } from './simd-requirement.js';

// Matmuls split across worker threads give the same bits as on one thread
// (each C element is computed by one thread, its k slices in the same order),
// for every layout, odd sizes and batches; and agree with the float64 product.

function random(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
describeWhere('matmul on worker threads', simdRequirement, () => {
  it('starts its workers and gives bit-identical results to one thread (A·B, Aᵀ·B, A·Bᵀ, batched, odd sizes)', async () => {
    const threaded = new WasmRuntime(3);
    const single = new WasmRuntime(1);
    expect(threaded.pool?.threads).toBe(3);
    // Workers take their share once started; give them time, then check they did take work.
    await sleep(500);
    const be = cpu({ threads: 1 });
    for (const [batch, m, k, n] of [[1, 513, 257, 65], [2, 129, 300, 131], [1, 1000, 40, 33]] as const) {
      for (const [aT, bT] of [[false, false], [true, false], [false, true]]) {
        const A = random(batch * m * k, m + k);
        const B = random(batch * k * n, n + k);
        const a: StridedView = { storage: be.fromArray(A, 'float32'), shape: [batch, m, k], strides: aT ? [m * k, 1, m] : [m * k, k, 1], offset: 0 };
        const b: StridedView = { storage: be.fromArray(B, 'float32'), shape: [batch, k, n], strides: bT ? [k * n, 1, k] : [k * n, n, 1], offset: 0 };
        const C3 = new Float32Array(batch * m * n);
        const C1 = new Float32Array(batch * m * n);
        wasmMatmul(threaded, a, b, A, B, C3);
        wasmMatmul(single, a, b, A, B, C1);
        expect(C3.every((v, i) => Object.is(v, C1[i]))).toBe(true);
        // Spot-check against the float64 product (float32 accumulation bound 2K·2⁻²⁴·Σ|ab|).
        for (const [bi, i, j] of [[0, 0, 0], [batch - 1, m - 1, n - 1], [0, m >> 1, n >> 2]] as const) {
          let exact = 0;
          let mag = 0;
          for (let kk = 0; kk < k; kk++) {
            const x = A[bi * m * k + (aT ? kk * m + i : i * k + kk)]!;
            const y = B[bi * k * n + (bT ? j * k + kk : kk * n + j)]!;
            exact += x * y;
            mag += Math.abs(x * y);
          }
          expect(Math.abs(C3[(bi * m + i) * n + j]! - exact)).toBeLessThanOrEqual(2 * k * 2 ** -24 * mag);
        }
      }
    }
    // Every worker reported ready and completed jobs.
    const ctl = (threaded.pool as unknown as { ctl: Int32Array }).ctl;
    expect([ctl[64 + 2], ctl[128 + 2]]).toEqual([1, 1]);
    expect(ctl[64 + 1]).toBeGreaterThan(0);
    threaded.pool!.close();
  });

  it('cpu({ threads }) rejects a non-positive or fractional count', () => {
    expect(() => cpu({ threads: 0 })).toThrow('threads must be a positive integer, got 0');
    expect(() => cpu({ threads: 1.5 })).toThrow('threads must be a positive integer, got 1.5');
  });
});
