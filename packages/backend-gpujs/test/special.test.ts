import { afterAll, expect, it } from 'vitest';
import type { UnaryOp } from '@grad/core';
import { gpujs, type GpujsBackend } from '../src/index.js';
import { make, values } from './views.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { modeRequirement, NODE_MODES } from './modes.js';

/**
 * The float32 accuracy of the transcendental kernels written out in
 * kernels/special.ts and ops.ts, on grids, against float64 references
 * computed here independently: JavaScript's Math, and erf by Simpson's rule
 * on (2/√π)e^(−t²) (2000 panels: error < 1e-13 on [0, 4]). The bound is
 * relative to float32's half-ulp, ε = 2⁻²⁴: k·ε.
 */
const EPS = 2 ** -24;
const f32 = Math.fround;

function erfReference(x: number): number {
  const a = Math.abs(x);
  if (a > 6) return Math.sign(x);
  const n = 2000;
  const h = a / n;
  let s = 1 + Math.exp(-a * a);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(-(i * h) * (i * h));
  return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * (h / 3) * s);
}

const grid = (lo: number, hi: number, n: number): number[] => Array.from({ length: n }, (_, i) => f32(lo + ((hi - lo) * i) / (n - 1)));

/** The worst error of `got` against `want`, in units of ε·max(|want|, floor). */
function worst(got: readonly number[], want: readonly number[], floor = 0): number {
  let w = 0;
  got.forEach((g, i) => {
    const ref = want[i]!;
    if (g === ref) return;
    w = Math.max(w, Math.abs(g - ref) / (EPS * Math.max(Math.abs(ref), floor)));
  });
  return w;
}

for (const mode of NODE_MODES) {
  describeWhere(`gpujs special functions, mode ${mode}`, modeRequirement(mode), () => {
    const b: GpujsBackend = gpujs({ mode });
    afterAll(() => b.destroy());
    const run = (op: UnaryOp, xs: readonly number[]): number[] => values(b, b.kernels.unary(op, make(b, xs)));
    /**
     * Mesa's software GL (headlessgl here) evaluates exp, atan and friends less
     * accurately than the JavaScript and WebAssembly modes: its bounds, measured
     * here, are wider. A real GPU's GLSL differs again; the conformance suite's
     * forward cases (rtol ≤ 5e-5) hold in every mode.
     */
    const glBound: Partial<Record<string, number>> = mode === 'headlessgl' ? { erf: 12, sinh: 20, cosh: 20, expm1: 12, asin: 600, acos: 600 } : {};

    it.each([
      // op, grid, reference, bound in ε (relative), floor for |reference|
      ['erf', grid(-5, 5, 801), erfReference, 8, 0],
      ['erf', grid(-1e-3, 1e-3, 101), erfReference, 8, 0],
      // e^(|x| − ln 2): rounding |x| − ln 2 in float32 costs about |x|·ε, so the bound grows to 12ε at |x| = 10.
      ['sinh', grid(-10, 10, 801), Math.sinh, 12, 0],
      ['sinh', grid(-1e-3, 1e-3, 101), Math.sinh, 4, 0],
      ['cosh', grid(-10, 10, 801), Math.cosh, 12, 0],
      ['log1p', grid(-0.99, 10, 801), Math.log1p, 8, 0],
      ['log1p', grid(-1e-4, 1e-4, 101), Math.log1p, 4, 0],
      ['expm1', grid(-10, 5, 801), Math.expm1, 8, 0],
      ['expm1', grid(-1e-4, 1e-4, 101), Math.expm1, 4, 0],
      ['tan', grid(-1.5, 1.5, 301), Math.tan, 16, 0],
      ['asin', grid(-1, 1, 301), Math.asin, 8, 0],
      ['acos', grid(-1, 1, 301), Math.acos, 8, 0],
      ['log2', grid(0.01, 1000, 301), Math.log2, 8, 1],
      ['log10', grid(0.01, 1000, 301), Math.log10, 8, 1],
      ['exp2', grid(-20, 20, 301), (x: number) => 2 ** x, 8, 0],
    ] as const)('%s is accurate to float32 on its grid', (op, xs, reference, bound, floor) => {
      const err = worst(run(op, xs), xs.map(reference), floor);
      if (process.env.GRAD_PRINT_ERRORS) console.log(`${mode} ${op} [${xs[0]}, ${xs[xs.length - 1]}]: ${err.toFixed(2)} ε`);
      expect(err, `${op}: worst error ${err.toFixed(2)} ε`).toBeLessThanOrEqual(Math.max(bound, glBound[op] ?? 0));
    });

    it('erfinv inverts erf to float32 precision (up to the conditioning of its input)', () => {
      const xs = grid(-3.5, 3.5, 701);
      const ys = xs.map((x) => f32(erfReference(x)));
      const got = run('erfinv', ys);
      got.forEach((g, i) => {
        const x = xs[i]!;
        const slope = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
        // the input's own rounding (½ ulp of y) moves the answer by that over erf′(x)
        const allowed = 8 * EPS * Math.abs(x) + (2 * EPS * Math.abs(ys[i]!)) / slope;
        expect(Math.abs(g - x), `erfinv(${ys[i]}) = ${g}, want ${x}`).toBeLessThanOrEqual(allowed);
      });
    });

    it('trunc and frac split a float exactly; the edges are as PyTorch', () => {
      const xs = [2.75, -2.75, 0.5, -0.5, 3, -1e6 - 0.5];
      expect(run('trunc', xs)).toEqual([2, -2, 0, -0, 3, -1e6]);
      expect(run('frac', xs)).toEqual([0.75, -0.75, 0.5, -0.5, 0, -0.5]);
      expect(run('erf', [Infinity, -Infinity, NaN])).toEqual([1, -1, NaN]);
      expect(run('erfinv', [1, -1, 1.5, 0])).toEqual([Infinity, -Infinity, NaN, 0]);
      expect(run('asin', [1.5])).toEqual([NaN]);
    });
  });
}
