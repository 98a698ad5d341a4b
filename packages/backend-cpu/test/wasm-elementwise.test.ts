import { describe, expect, it } from 'vitest';
import type { Operand, StridedView, TypedArray } from '@grad/core';
import { cpu } from '@grad/backend-cpu';

// Binary ops with broadcasting, unary ops on strided views and reductions,
// on the WebAssembly path (forced on every size with simd: 'always', and the
// default routing) and on the plain path, against values computed here
// element by element in float64 and rounded to the dtype.

type Float = 'float32' | 'float64';
const round = (dtype: Float) => (dtype === 'float32' ? Math.fround : (x: number) => x);

function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 30 - 2;
  });
}

const backends = [
  ['simd always', cpu({ simd: 'always' })],
  ['default', cpu()],
  ['plain', cpu({ simd: false })],
] as const;

function view(be: ReturnType<typeof cpu>, data: number[], dtype: Float, shape: number[], strides: number[], offset = 0): StridedView {
  const arr = dtype === 'float32' ? new Float32Array(data) : new Float64Array(data);
  return { storage: be.fromArray(arr, dtype), shape, strides, offset };
}

function at(v: StridedView, be: ReturnType<typeof cpu>, idx: number[]): number {
  const d = be.read(v.storage);
  return d[v.offset + idx.reduce((s, i, k) => s + i * v.strides[k]!, 0)]!;
}

const binaryRef: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
};

describe.each(backends)('elementwise kernels, %s', (_label, be) => {
  for (const dtype of ['float32', 'float64'] as const) {
    const r = round(dtype);
    it(`${dtype}: binary ops broadcast [R,1] ⊕ [1,C], row ⊕ scalar, transposed ⊕ contiguous, with NaN and ±Inf`, () => {
      for (const [R, C] of [[3, 700], [300, 5], [1, 20000], [17, 513]] as const) {
        const av = values(R, R + C);
        av[0] = NaN;
        const bv = values(C, C);
        bv[C - 1] = Infinity;
        bv[Math.floor(C / 2)] = -Infinity;
        const a = view(be, av, dtype, [R, C], [1, 0]); // column broadcast along rows
        const b = view(be, bv, dtype, [R, C], [0, 1]);
        const tData = values(R * C, 7);
        const t = view(be, tData, dtype, [R, C], [1, R]); // a transposed [C, R] buffer
        for (const op of Object.keys(binaryRef)) {
          const cases: Array<[Operand, Operand, (i: number, j: number) => [number, number]]> = [
            [a, b, (i, j) => [at(a, be, [i, j]), at(b, be, [i, j])]],
            [t, 2.5, (i, j) => [at(t, be, [i, j]), 2.5]],
            [-0.75, b, (i, j) => [-0.75, at(b, be, [i, j])]],
            [t, b, (i, j) => [at(t, be, [i, j]), at(b, be, [i, j])]],
          ];
          for (const [x, y, get] of cases) {
            const out = be.read(be.kernels.binary(op as 'add', x, y, [R, C], dtype));
            const wrong: string[] = [];
            for (let i = 0; i < R; i += Math.max(1, Math.floor(R / 7))) {
              for (let j = 0; j < C; j += Math.max(1, Math.floor(C / 97))) {
                const [p, q] = get(i, j);
                if (!Object.is(out[i * C + j], r(binaryRef[op]!(p, q)))) wrong.push(`${op}(${p}, ${q}) = ${out[i * C + j]}`);
              }
            }
            expect(wrong).toEqual([]);
          }
        }
      }
    });

    it(`${dtype}: unary ops on a strided (transposed, offset) view and a contiguous one longer than a chunk`, () => {
      const n = 20011;
      const data = values(n, 3).map((x) => x * 3);
      data[5] = NaN;
      data[6] = -0;
      data[7] = Infinity;
      const contiguous = view(be, data, dtype, [n], [1]);
      const transposed = view(be, data, dtype, [100, 200], [1, 100], 11);
      const ref: Record<string, (x: number) => number> = {
        neg: (x) => -x, abs: Math.abs, sqrt: Math.sqrt, floor: Math.floor, ceil: Math.ceil, reciprocal: (x) => 1 / x, rsqrt: (x) => 1 / Math.sqrt(x),
        // half to even
        round: (x) => (x - Math.floor(x) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)),
      };
      for (const [op, f] of Object.entries(ref)) {
        const got = be.read(be.kernels.unary(op as 'neg', contiguous));
        const stored = be.read(contiguous.storage);
        const wrong: string[] = [];
        for (let i = 0; i < n; i++) if (!Object.is(got[i], r(f(stored[i]!)))) wrong.push(`${op}(${stored[i]}) = ${got[i]}`);
        const gotT = be.read(be.kernels.unary(op as 'neg', transposed));
        for (let i = 0; i < 100; i += 9) {
          for (let j = 0; j < 200; j += 13) {
            const x = at(transposed, be, [i, j]);
            if (!Object.is(gotT[i * 200 + j], r(f(x)))) wrong.push(`${op}(${x}) at [${i}, ${j}] = ${gotT[i * 200 + j]}`);
          }
        }
        expect(wrong).toEqual([]);
      }
    });

    it(`${dtype}: sum, prod, max, min over all elements, the last axis and the first axis; NaN propagates`, () => {
      const [R, C] = [7, 9000];
      const data = values(R * C, 11).map((x) => 1 + x / 64); // products stay finite
      data[3 * C + 17] = NaN; // row 3
      data[5 * C + 74] = NaN; // column 74 (checked in the first-axis reduction)
      const x = view(be, data, dtype, [R, C], [C, 1]);
      const stored = be.read(x.storage);
      const rowRef = (op: string, vals: number[]): number => {
        if (op === 'sum') return vals.reduce((s, v) => s + v, 0);
        if (op === 'prod') return vals.reduce((s, v) => s * v, 1);
        if (vals.some(Number.isNaN)) return NaN;
        return op === 'max' ? Math.max(...vals) : Math.min(...vals);
      };
      const close = (got: number, want: number, count: number): void => {
        if (Number.isNaN(want)) expect(got).toBeNaN();
        // Sums accumulate in float64 (any order), then round once to the dtype.
        else expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.abs(want) * (dtype === 'float32' ? 2 ** -23 : count * 2 ** -52) + 1e-300);
      };
      for (const op of ['sum', 'prod', 'max', 'min'] as const) {
        const rows = Array.from({ length: R }, (_, i) => Array.from(stored.subarray(i * C, (i + 1) * C)));
        const all = be.read(be.kernels.reduce(op, x, [0, 1]));
        close(all[0]!, rowRef(op, rows.flat()), R * C);
        const last = be.read(be.kernels.reduce(op, x, [1]));
        for (let i = 0; i < R; i++) close(last[i]!, rowRef(op, rows[i]!), C);
        const first = be.read(be.kernels.reduce(op, x, [0]));
        for (let j = 0; j < C; j += 37) close(first[j]!, rowRef(op, rows.map((row) => row[j]!)), R);
      }
    });
  }
});

describe('the WebAssembly path leaves results identical to the plain path where the arithmetic is exact', () => {
  it('float32 add/mul/div and sqrt give the same bits on both paths', () => {
    const fast = cpu({ simd: 'always' });
    const plain = cpu({ simd: false });
    const n = 4099;
    const a = values(n, 1);
    const b = values(n, 2);
    const run = (be: ReturnType<typeof cpu>, f: (x: StridedView, y: StridedView) => TypedArray) =>
      f(view(be, a, 'float32', [n], [1]), view(be, b, 'float32', [n], [1]));
    for (const op of ['add', 'mul', 'div'] as const) {
      const k = (be: ReturnType<typeof cpu>) => run(be, (x, y) => be.read(be.kernels.binary(op, x, y, [n], 'float32')));
      expect(k(fast)).toEqual(k(plain));
    }
    const s = (be: ReturnType<typeof cpu>) => run(be, (x) => be.read(be.kernels.unary('sqrt', x)));
    expect(s(fast)).toEqual(s(plain));
  });
});
