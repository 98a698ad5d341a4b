import { describe, expect, it } from 'vitest';
import type { StridedView } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { describeWhere } from '@grad/vitest-config/requirements';
import { simdRequirement } from './simd-requirement.js';

// The float32 exp, log, tanh and sigmoid of the WebAssembly path, against the
// float64 function rounded to float32 (Math.fround(Math.exp(x)) etc.), in
// ulps: the distance between two float32s counted in representable values.

const backend = cpu({ simd: 'always' });

function run(op: 'exp' | 'log' | 'tanh' | 'sigmoid', xs: Float32Array): Float32Array {
  const storage = backend.fromArray(xs, 'float32');
  const view: StridedView = { storage, shape: [xs.length], strides: [1], offset: 0 };
  return backend.read(backend.kernels.unary(op, view)) as Float32Array;
}

const bits = new Int32Array(1);
const f32 = new Float32Array(bits.buffer);
/** A float32's position on the number line as an integer (sign-magnitude → two's complement order). */
function ordinal(x: number): number {
  f32[0] = x;
  const b = bits[0]!;
  return b >= 0 ? b : -(b & 0x7fffffff);
}

const reference = {
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  // Two branches so e^x never overflows.
  sigmoid: (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
};

/** The largest ulp error over `xs`; NaN and ±Inf must match exactly. */
function maxUlp(op: keyof typeof reference, xs: Float32Array): { ulp: number; at: number } {
  const got = run(op, xs);
  let worst = { ulp: 0, at: NaN };
  for (let i = 0; i < xs.length; i++) {
    const want = Math.fround(reference[op](xs[i]!));
    const g = got[i]!;
    if (Number.isNaN(want) || !Number.isFinite(want)) {
      if (!Object.is(g, want)) throw new Error(`${op}(${xs[i]}) = ${g}, expected ${want}`);
      continue;
    }
    if (!Number.isFinite(g)) throw new Error(`${op}(${xs[i]}) = ${g}, expected ${want}`);
    const ulp = Math.abs(ordinal(g) - ordinal(want));
    if (ulp > worst.ulp) worst = { ulp, at: xs[i]! };
  }
  return worst;
}

/** Every 2^shift-th float32 bit pattern (both signs, all binades, denormals, Inf and NaN included). */
function sweep(shift: number): Float32Array {
  const n = 2 ** (32 - shift);
  const out = new Float32Array(n);
  const b = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) b[i] = (i * 2 ** shift + 12345) >>> 0;
  return out;
}

function range(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

const edges = Float32Array.from([
  0, -0, Infinity, -Infinity, NaN, 1, -1, 1e-45, -1e-45, 1e-40, -1e-40, 1.1754944e-38, 3.4028235e38, -3.4028235e38,
  // exp: the largest finite result and the first overflow; the last normal and last nonzero results
  88.72283, 88.72284, 88.7229, -87.33654, -87.33655, -103.27893, -103.97208, -103.972084, -104,
  // tanh: around the series/formula switch at 1/16 and the clamp at 20
  0.0625, 0.062499996, 0.06250001, -0.0625, 9, 10, 19.99, 20, 21, 1e30, -1e30, 1e-20, -1e-20,
  // sigmoid: results that are denormal or zero in float32
  -88, -100, -103.9, -104, -110, 16.6, 17, 100,
]);

describeWhere('float32 exp, log, tanh, sigmoid in WebAssembly: within 2 ulp of the correctly rounded value', simdRequirement, () => {
  for (const op of ['exp', 'log', 'tanh', 'sigmoid'] as const) {
    it(`${op}: edges (0, ±0, ±Inf, NaN, denormals, overflow/underflow thresholds)`, () => {
      expect(maxUlp(op, edges).ulp).toBeLessThanOrEqual(2);
    });
    it(`${op}: 2^20 float32 bit patterns spread over every binade`, () => {
      expect(maxUlp(op, sweep(12)).ulp).toBeLessThanOrEqual(2);
    });
  }
  it('dense ranges where each function varies (exp [-104, 89], log (0, 4], tanh [-10, 10] and [-0.1, 0.1], sigmoid [-110, 110])', () => {
    expect(maxUlp('exp', range(-104, 89, 200_001)).ulp).toBeLessThanOrEqual(2);
    expect(maxUlp('log', range(1e-6, 4, 200_001)).ulp).toBeLessThanOrEqual(2);
    expect(maxUlp('log', range(0.9, 1.1, 200_001)).ulp).toBeLessThanOrEqual(2);
    expect(maxUlp('tanh', range(-10, 10, 200_001)).ulp).toBeLessThanOrEqual(2);
    expect(maxUlp('tanh', range(-0.1, 0.1, 200_001)).ulp).toBeLessThanOrEqual(2);
    expect(maxUlp('sigmoid', range(-110, 110, 200_001)).ulp).toBeLessThanOrEqual(2);
  });
  it('special values exactly: exp(-Inf) = 0, exp(Inf) = Inf, log(0) = -Inf, log(-1) = NaN, tanh(-0) = -0, sigmoid(-Inf) = 0', () => {
    expect(Array.from(run('exp', Float32Array.from([-Infinity, Infinity, NaN, 0, 89, -105])))).toEqual([0, Infinity, NaN, 1, Infinity, 0]);
    expect(Array.from(run('log', Float32Array.from([0, -0, -1, Infinity, NaN, 1, -Infinity])))).toEqual([-Infinity, -Infinity, NaN, Infinity, NaN, 0, NaN]);
    const t = run('tanh', Float32Array.from([-0, 0, Infinity, -Infinity, NaN, 1e-30]));
    expect(Object.is(t[0], -0)).toBe(true);
    expect(Array.from(t.subarray(1))).toEqual([0, 1, -1, NaN, Math.fround(1e-30)]);
    expect(Array.from(run('sigmoid', Float32Array.from([-Infinity, Infinity, NaN, 0])))).toEqual([0, 1, NaN, 0.5]);
  });
});

describe('float64 transcendental ops stay exact to Math.* on every path', () => {
  it('exp, log, tanh of float64 equal Math.exp, Math.log, Math.tanh bit for bit', () => {
    const xs = Float64Array.from([0.1, 1, 2.5, 700, -700, 1e-300, 3]);
    for (const op of ['exp', 'log', 'tanh'] as const) {
      const storage = backend.fromArray(xs, 'float64');
      const got = backend.read(backend.kernels.unary(op, { storage, shape: [xs.length], strides: [1], offset: 0 }));
      expect(Array.from(got)).toEqual(Array.from(xs, Math[op]));
    }
  });
});
