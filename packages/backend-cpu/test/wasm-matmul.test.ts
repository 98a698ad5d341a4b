import { describe, expect, it } from 'vitest';
import type { StridedView, TypedArray } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { WasmRuntime } from '../src/wasm/runtime.js';
import { wasmMatmul } from '../src/wasm/matmul-wasm.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { simdRequirement } from './simd-requirement.js';

type Float = 'float32' | 'float64';

/** Deterministic values in [-1, 1) (a linear congruential generator). */
function random(n: number, seed: number): number[] {
  const out: number[] = [];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(s / 2 ** 31 - 1);
  }
  return out;
}

interface Operand {
  data: TypedArray;
  view: StridedView;
  /** Element [b][i][j] of the logical [batch, rows, cols] matrix. */
  at(b: number, i: number, j: number): number;
}

/**
 * A [batch, rows, cols] operand stored in one of several layouts:
 * row-major, transposed (column-major), broadcast batch (stride 0), or
 * flipped rows (negative stride) with a leading offset.
 */
function operand(dtype: Float, batch: number, rows: number, cols: number, layout: 'row' | 'col' | 'broadcast' | 'flipped', seed: number): Operand {
  const stored = layout === 'broadcast' ? 1 : batch;
  const pad = layout === 'flipped' ? 5 : 0;
  const values = random(pad + stored * rows * cols, seed);
  const data = dtype === 'float32' ? new Float32Array(values) : new Float64Array(values);
  const storage = cpu().fromArray(data, dtype);
  let strides: number[];
  let offset = pad;
  if (layout === 'row') strides = [rows * cols, cols, 1];
  else if (layout === 'col') strides = [rows * cols, 1, rows];
  else if (layout === 'broadcast') strides = [0, cols, 1];
  else {
    strides = [rows * cols, -cols, 1];
    offset = pad + (rows - 1) * cols;
  }
  const view: StridedView = { storage, shape: [batch, rows, cols], strides, offset };
  const stored_ = cpu().read(storage);
  return { data: stored_, view, at: (b, i, j) => stored_[offset + b * strides[0]! + i * strides[1]! + j * strides[2]!]! };
}

/**
 * Checks C against the float64 product, with the classical bound for a sum
 * of K rounded products: |Ĉ − C| ≤ γ·Σ_k |a_ik·b_kj|, γ = 2K·u (u the unit
 * roundoff, 2⁻²⁴ in float32, 2⁻⁵³ in float64), plus one ulp of the smallest
 * normal for sums that cancel to ~0.
 */
function expectProduct(C: TypedArray, a: Operand, b: Operand, batch: number, m: number, k: number, n: number, dtype: Float): void {
  const u = dtype === 'float32' ? 2 ** -24 : 2 ** -53;
  let worst = 0;
  for (let bi = 0; bi < batch; bi++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let exact = 0;
        let magnitude = 0;
        for (let kk = 0; kk < k; kk++) {
          const p = a.at(bi, i, kk) * b.at(bi, kk, j);
          exact += p;
          magnitude += Math.abs(p);
        }
        const got = C[(bi * m + i) * n + j]!;
        const err = Math.abs(got - exact) / (2 * Math.max(k, 1) * u * magnitude + 1e-30);
        if (!(err <= 1)) throw new Error(`C[${bi}][${i}][${j}] = ${got}, expected ${exact} (error ${err} × the bound)`);
        worst = Math.max(worst, err);
      }
    }
  }
  expect(worst).toBeLessThanOrEqual(1);
}

describeWhere('WebAssembly SIMD matmul: every layout backward uses, odd sizes', simdRequirement, () => {
  const rt = new WasmRuntime();
  const sizes: Array<[number, number, number]> = [
    [1, 1, 1], [1, 7, 1], [3, 7, 17], [7, 3, 1], [17, 65, 7], [65, 17, 65], [1, 513, 3], [513, 7, 17], [7, 300, 9],
  ];
  const layouts = [['row', 'row'], ['col', 'row'], ['row', 'col'], ['col', 'col'], ['flipped', 'row']] as const;
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [la, lb] of layouts) {
      it(`${dtype}: A ${la}-major · B ${lb}-major, sizes ${sizes.map((s) => s.join('×')).join(', ')}`, () => {
        for (const [m, k, n] of sizes) {
          const a = operand(dtype, 1, m, k, la, m * 31 + k);
          const b = operand(dtype, 1, k, n, lb, n * 17 + k + 1);
          const C = dtype === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n);
          wasmMatmul(rt, a.view, b.view, a.data, b.data, C);
          expectProduct(C, a, b, 1, m, k, n, dtype);
        }
      });
    }
    it(`${dtype}: batched, and broadcast batches (stride 0) on either side`, () => {
      for (const [la, lb] of [['row', 'row'], ['broadcast', 'col'], ['col', 'broadcast'], ['broadcast', 'broadcast']] as const) {
        const [batch, m, k, n] = [3, 9, 260, 13];
        const a = operand(dtype, batch, m, k, la, 3);
        const b = operand(dtype, batch, k, n, lb, 4);
        const C = dtype === 'float32' ? new Float32Array(batch * m * n) : new Float64Array(batch * m * n);
        wasmMatmul(rt, a.view, b.view, a.data, b.data, C);
        expectProduct(C, a, b, batch, m, k, n, dtype);
      }
    });
  }

  it('a 513×513 · 513×513 float32 product (more than one k block and A block)', () => {
    const a = operand('float32', 1, 513, 513, 'row', 1);
    const b = operand('float32', 1, 513, 513, 'col', 2);
    const C = new Float32Array(513 * 513);
    wasmMatmul(rt, a.view, b.view, a.data, b.data, C);
    expectProduct(C, a, b, 1, 513, 513, 513, 'float32');
  });

  it('K = 0 gives zeros; M or N = 0 gives an empty result', () => {
    const be = cpu();
    const a = { storage: be.fromArray(new Float32Array(0), 'float32'), shape: [2, 3, 0], strides: [0, 0, 1], offset: 0 };
    const b = { storage: be.fromArray(new Float32Array(0), 'float32'), shape: [2, 0, 4], strides: [0, 4, 1], offset: 0 };
    const C = new Float32Array(24).fill(7);
    wasmMatmul(rt, a, b, new Float32Array(0), new Float32Array(0), C);
    expect(Array.from(C)).toEqual(new Array(24).fill(0));
    const empty = new Float32Array(0);
    wasmMatmul(rt, { ...a, shape: [2, 0, 0] }, { ...b, shape: [2, 0, 4] }, empty, empty, empty);
    expect(empty.length).toBe(0);
  });

  it('NaN and ±Inf propagate as in IEEE arithmetic (NaN row, Inf·0 = NaN, Inf·x = ±Inf)', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const [m, k, n] = [9, 33, 10];
      const a = operand(dtype, 1, m, k, 'row', 5);
      const b = operand(dtype, 1, k, n, 'row', 6);
      a.data[2 * k + 4] = NaN; // row 2 of C is NaN
      a.data[5 * k + 0] = Infinity; // row 5: Inf·b[0][j], NaN where b[0][j] = 0
      b.data[0 * n + 3] = 0;
      b.data[7 * n + 8] = -Infinity; // column 8: -Inf·a[i][7] (sign of a[i][7]), except rows 2 and 5
      const C = dtype === 'float32' ? new Float32Array(m * n) : new Float64Array(m * n);
      wasmMatmul(rt, a.view, b.view, a.data, b.data, C);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let exact = 0;
          for (let kk = 0; kk < k; kk++) exact += a.at(0, i, kk) * b.at(0, kk, j);
          const got = C[i * n + j]!;
          if (Number.isFinite(exact)) expect(Number.isFinite(got)).toBe(true);
          else expect(got).toBe(exact); // NaN is toBe NaN; ±Inf exactly
        }
      }
      expect(Number.isNaN(C[2 * n + 0]!)).toBe(true);
      expect(Number.isNaN(C[5 * n + 3]!)).toBe(true);
    }
  });
});

describe('cpu().kernels.matmul: SIMD and plain paths agree with the float64 product', () => {
  for (const simd of [true, false]) {
    it(`simd: ${simd}, float32 and float64, A·B, Aᵀ·B, A·Bᵀ and a broadcast batch`, () => {
      const be = cpu({ simd });
      for (const dtype of ['float32', 'float64'] as const) {
        for (const [la, lb] of [['row', 'row'], ['col', 'row'], ['row', 'col'], ['broadcast', 'row']] as const) {
          const [batch, m, k, n] = [2, 33, 70, 45];
          const a = operand(dtype, batch, m, k, la, 8);
          const b = operand(dtype, batch, k, n, lb, 9);
          const C = be.read(be.kernels.matmul(a.view, b.view));
          expect(C).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
          expectProduct(C, a, b, batch, m, k, n, dtype);
        }
      }
    });
  }
});
