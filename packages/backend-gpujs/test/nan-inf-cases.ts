import { tensor, where, type Tensor } from '@grad/core';

// NaN and ±∞ cases for every kernel family, with what PyTorch 1.13 prints
// for the same inputs (each `expected` was copied from running torch, not
// from this code). Shared by the Node test (nan-inf.test.ts) and the browser
// page (webgl2), so both hold the same list.
const n = NaN;
const inf = Infinity;
const x = [n, 1, -inf, inf, -2, 0, n, 3];
const y = [2, n, 5, -inf, n, 0, 1, inf];
const ones5000 = (at: number, value: number): number[] => Array.from({ length: 5000 }, (_, i) => (i === at ? value : 1));

export interface Case {
  name: string;
  run: (t: (v: number[]) => Tensor) => Tensor;
  expected: unknown;
  /** The CPU backend differs from PyTorch here (see the README); compare with PyTorch only. */
  cpuDiffers?: true;
  /** What gpu.js's `cpu` mode gives instead: its kernels compute in float64 (JavaScript numbers). */
  float64Modes?: unknown;
}

export const cases: Case[] = [
  { name: 'relu', run: (t) => t(x).relu(), expected: [n, 1, 0, inf, 0, 0, n, 3] },
  { name: 'leakyRelu', run: (t) => t(x).leakyRelu(0.1), expected: [n, 1, -inf, inf, -0.2, 0, n, 3] },
  { name: 'clamp(-1, 1)', run: (t) => t(x).clamp(-1, 1), expected: [n, 1, -1, 1, -1, 0, n, 1] },
  { name: 'clamp(min 0)', run: (t) => t(x).clamp(0), expected: [n, 1, 0, inf, 0, 0, n, 3] },
  { name: 'maximum', run: (t) => t(x).maximum(t(y)), expected: [n, n, 5, inf, n, 0, n, inf] },
  { name: 'minimum', run: (t) => t(x).minimum(t(y)), expected: [n, n, -inf, -inf, n, 0, n, 3] },
  { name: 'where(x > 0, x, y)', run: (t) => where(t(x).gt(0), t(x), t(y)), expected: [2, 1, 5, inf, n, 0, 1, 3] },
  { name: 'where(y > 0, x, y)', run: (t) => where(t(y).gt(0), t(x), t(y)), expected: [n, n, -inf, -inf, n, 0, n, 3] },
  { name: 'x == x is false for NaN', run: (t) => t(x).eq(t(x)), expected: [false, true, true, true, true, true, false, true] },
  { name: 'x != x is true for NaN', run: (t) => t(x).ne(t(x)), expected: [true, false, false, false, false, false, true, false] },
  { name: 'x < y', run: (t) => t(x).lt(t(y)), expected: [false, false, true, false, false, false, false, true] },
  { name: 'x >= y', run: (t) => t(x).ge(t(y)), expected: [false, false, false, true, false, true, false, false] },
  { name: 'max()', run: (t) => t(x).max(), expected: n },
  { name: 'min()', run: (t) => t(x).min(), expected: n },
  { name: 'max(1).values', run: (t) => t(x).reshape([2, 4]).max(1).values, expected: [n, n] },
  { name: 'max(1).indices', run: (t) => t(x).reshape([2, 4]).max(1).indices, expected: [0, 2] },
  { name: 'min(1).values', run: (t) => t(x).reshape([2, 4]).min(1).values, expected: [n, n] },
  { name: 'argmax(1)', run: (t) => t(x).reshape([2, 4]).argmax(1), expected: [0, 2] },
  { name: 'argmin(1)', run: (t) => t(x).reshape([2, 4]).argmin(1), expected: [0, 2] },
  { name: 'argmax()', run: (t) => t(x).argmax(), expected: 0 },
  { name: 'argmax of -∞s', run: (t) => t([-inf, -inf, -5]).argmax(), expected: 2 },
  { name: 'argmin of ∞s', run: (t) => t([inf, inf]).argmin(), expected: 0 },
  { name: 'max of -∞s', run: (t) => t([-inf, -inf]).max(), expected: -inf },
  { name: 'sum() with NaN', run: (t) => t(x).sum(), expected: n },
  { name: 'sum(1) with NaN', run: (t) => t(x).reshape([2, 4]).sum(1), expected: [n, n] },
  { name: 'sum [∞, 1, 2]', run: (t) => t([inf, 1, 2]).sum(), expected: inf },
  { name: 'sum [1, -∞, 2]', run: (t) => t([1, -inf, 2]).sum(), expected: -inf },
  { name: 'sum [∞, -∞]', run: (t) => t([inf, -inf]).sum(), expected: n },
  { name: 'mean [1, ∞]', run: (t) => t([1, inf]).mean(), expected: inf },
  // float32 overflow: PyTorch sums in float32 and gets ∞; the CPU backend, and
  // gpu.js's `cpu` mode (its kernels are plain JavaScript), sum in float64.
  { name: 'sum overflowing float32', run: (t) => t([3e38, 3e38, -3e38]).sum(), expected: inf, cpuDiffers: true, float64Modes: Math.fround(3e38) },
  { name: 'sum of 5000 (two passes) with ∞', run: (t) => t(ones5000(4500, inf)).sum(), expected: inf },
  { name: 'sum of 5000 with NaN', run: (t) => t(ones5000(4500, n)).sum(), expected: n },
  { name: 'max of 5000 with NaN', run: (t) => t(ones5000(4500, n)).max(), expected: n },
  { name: 'argmax of 5000 with NaN', run: (t) => t(ones5000(4500, n)).argmax(), expected: 4500 },
  { name: 'argmin of 5000 with NaN', run: (t) => t(ones5000(4500, n)).argmin(), expected: 4500 },
  { name: 'prod [∞, 0]', run: (t) => t([inf, 0]).prod(), expected: n },
  { name: 'matmul ∞·0', run: (t) => t([inf, 0]).reshape([1, 2]).matmul(t([0, 1]).reshape([2, 1])), expected: [[n]] },
  { name: 'matmul of 5000 with ∞', run: (t) => t(ones5000(4500, inf)).reshape([1, 5000]).matmul(t(ones5000(0, 1)).reshape([5000, 1])), expected: [[inf]] },
  { name: 'softmax [1, ∞]', run: (t) => t([1, inf]).softmax(0), expected: [n, n] },
  { name: 'logSoftmax [1, -∞]', run: (t) => t([1, -inf]).logSoftmax(0), expected: [0, -inf] },
  { name: 'exp', run: (t) => t([n, inf, -inf, 1]).exp(), expected: [n, inf, 0, Math.E] },
  { name: 'abs', run: (t) => t([n, inf, -inf]).abs(), expected: [n, inf, inf] },
  { name: 'neg', run: (t) => t([n, inf, -inf]).neg(), expected: [n, -inf, inf] },
  { name: 'sin', run: (t) => t([n, inf, -inf]).sin(), expected: [n, n, n] },
  { name: 'cos', run: (t) => t([n, inf, -inf]).cos(), expected: [n, n, n] },
  { name: 'sigmoid', run: (t) => t([n, inf, -inf]).sigmoid(), expected: [n, 1, 0] },
  { name: 'tanh', run: (t) => t([n, inf, -inf]).tanh(), expected: [n, 1, -1] },
  { name: 'floor', run: (t) => t([n, inf, -inf]).floor(), expected: [n, inf, -inf] },
  { name: 'ceil', run: (t) => t([n, inf, -inf]).ceil(), expected: [n, inf, -inf] },
  { name: 'round', run: (t) => t([n, inf, -inf]).round(), expected: [n, inf, -inf] },
  { name: 'log', run: (t) => t([0, -0, -1, inf, n, 1, -inf]).log(), expected: [-inf, -inf, n, inf, n, 0, n] },
  { name: 'sqrt', run: (t) => t([0, -1, inf, n, -inf, 4]).sqrt(), expected: [0, n, inf, n, n, 2] },
  { name: 'rsqrt', run: (t) => t([0, -1, inf, n]).rsqrt(), expected: [inf, n, 0, n] },
  { name: 'reciprocal', run: (t) => t([0, -0, inf, n]).reciprocal(), expected: [inf, -inf, 0, n] },
  { name: 'to bool: NaN and ±∞ are true, ±0 false', run: (t) => t([n, 0, inf, -0, -inf]).to('bool'), expected: [true, false, true, false, true] },
  { name: 'log/sqrt of negatives and zero', run: (t) => t([-1, 0, -inf]).log().add(t([0, -1, 4]).sqrt()), expected: [n, n, n] },
  { name: 'division by zero', run: (t) => t([1, -1, 0]).div(0), expected: [inf, -inf, n] },
  {
    name: 'pow edges, as C pow',
    run: (t) =>
      t([n, n, 1, 1, -1, -1, 2, -2, 0, 0, -inf, -inf, inf, 0.5, -0.5, -8, 0, -0]).pow(
        t([0, 2, n, inf, inf, -inf, n, 0.5, -1, -inf, 3, 2, -1, inf, -inf, 1 / 3, 0.5, -1]),
      ),
    expected: [1, n, 1, 1, 1, 1, n, n, inf, inf, -inf, inf, 0, 0, inf, n, 0, -inf],
    // JavaScript's Math.pow gives NaN for 1^NaN, 1^∞ and (-1)^±∞, where C and PyTorch give 1.
    cpuDiffers: true,
  },
];

/** Runs every case on `device`, returning its values (or the error's text). */
export function runCases(device: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of cases) {
    try {
      out[c.name] = c.run((v) => tensor(v, { device })).tolist();
    } catch (e) {
      out[c.name] = `error: ${(e as Error).message}`;
    }
  }
  return out;
}
