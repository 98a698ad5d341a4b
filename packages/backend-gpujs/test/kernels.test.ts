import { afterAll, expect, it } from 'vitest';
import { gpujs, type GpujsBackend } from '../src/index.js';
import { make, values, view } from './views.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { modeRequirement, NODE_MODES } from './modes.js';

// Every kernel at the Backend level, against values worked out by hand, in
// each gpu.js mode this machine has. Float32 tolerance throughout.
const tol = { rtol: 1e-5, atol: 1e-6 };

for (const mode of NODE_MODES) {
  describeWhere(`gpujs kernels, mode ${mode}`, modeRequirement(mode), () => {
    const b: GpujsBackend = gpujs({ mode });
    afterAll(() => b.destroy());

    it('runs in the mode it was asked for, with no silent cpu fallback', () => {
      expect(b.mode).toBe(mode);
      const x = make(b, [1, 2, 3]);
      values(b, b.kernels.unary('exp', x));
      expect(b.stats().fallbacks).toBe(0);
    });

    it('round-trips every dtype it holds', () => {
      expect(values(b, make(b, [1.5, -2, 0]).storage)).toEqual([1.5, -2, 0]);
      const i = b.fromArray(Int32Array.from([7, -3, 16777216]), 'int32');
      expect(b.read(i)).toEqual(Int32Array.from([7, -3, 16777216]));
      const t = b.fromArray(Uint8Array.from([1, 0, 1]), 'bool');
      expect(b.read(t)).toEqual(Uint8Array.from([1, 0, 1]));
      expect(values(b, b.full(4, 2.5, 'float32'))).toEqual([2.5, 2.5, 2.5, 2.5]);
      expect(b.read(b.fromArray(new Float32Array(0), 'float32')).length).toBe(0);
    });

    it('unary ops, including the edges GLSL leaves undefined', () => {
      const x = make(b, [-2, -0.5, 0, 0.5, 2, 30, -30, 100]);
      const xs = [-2, -0.5, 0, 0.5, 2, 30, -30, 100];
      const run = (op: Parameters<typeof b.kernels.unary>[0]): number[] => values(b, b.kernels.unary(op, x));
      expect(run('neg')).toBeAllClose(xs.map((v) => -v), tol);
      expect(run('exp').slice(0, 6)).toBeAllClose(xs.slice(0, 6).map(Math.exp), tol);
      expect(run('abs')).toEqual(xs.map(Math.abs));
      expect(run('sign')).toEqual([-1, -1, 0, 1, 1, 1, -1, 1]);
      expect(run('sin')).toBeAllClose(xs.map(Math.sin), { rtol: 1e-4, atol: 1e-5 });
      expect(run('cos')).toBeAllClose(xs.map(Math.cos), { rtol: 1e-4, atol: 1e-5 });
      // tanh saturates to ±1 instead of overflowing to NaN at 100 (GLSL's own tanh does).
      expect(run('tanh')).toBeAllClose(xs.map(Math.tanh), tol);
      expect(run('sigmoid')).toBeAllClose(xs.map((v) => 1 / (1 + Math.exp(-v))), tol);
      expect(run('floor')).toEqual(xs.map(Math.floor));
      expect(run('ceil').map((v) => v + 0)).toEqual(xs.map((v) => Math.ceil(v) + 0));
      expect(run('logicalNot')).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
      const p = make(b, [4, 0.25, 1e-4, 0.01]);
      expect(values(b, b.kernels.unary('sqrt', p))).toBeAllClose([2, 0.5, 0.01, 0.1], tol);
      expect(values(b, b.kernels.unary('rsqrt', p))).toBeAllClose([0.5, 2, 100, 10], tol);
      expect(values(b, b.kernels.unary('log', p))).toBeAllClose([4, 0.25, 1e-4, 0.01].map(Math.log), tol);
      expect(values(b, b.kernels.unary('reciprocal', p))).toBeAllClose([0.25, 4, 1e4, 100], tol);
      // tanh near 0 keeps its relative precision: tanh(1e-4) = 1e-4 - 3.3e-13.
      expect(values(b, b.kernels.unary('tanh', make(b, [1e-4, -0.05])))).toBeAllClose([Math.tanh(1e-4), Math.tanh(-0.05)], { rtol: 1e-6, atol: 0 });
      // torch.round: half to even.
      expect(values(b, b.kernels.unary('round', make(b, [0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6]))).map((v) => v + 0)).toEqual([0, 2, 2, 0, -2, 2, -3]);
      expect(values(b, b.kernels.unary('log', make(b, [0, -1])))).toEqual([-Infinity, NaN]);
    });

    it('binary ops with broadcasting strides and number operands', () => {
      // a: [2, 3]; c: [3] broadcast over rows (stride 0).
      const a = make(b, [1, 2, 3, 4, 5, 6], [2, 3]);
      const c = view(make(b, [10, 20, 30]).storage, [2, 3], [0, 1]);
      expect(values(b, b.kernels.binary('add', a, c, [2, 3], 'float32'))).toEqual([11, 22, 33, 14, 25, 36]);
      expect(values(b, b.kernels.binary('sub', a, c, [2, 3], 'float32'))).toEqual([-9, -18, -27, -6, -15, -24]);
      expect(values(b, b.kernels.binary('mul', a, 2, [2, 3], 'float32'))).toEqual([2, 4, 6, 8, 10, 12]);
      expect(values(b, b.kernels.binary('div', 1, a, [2, 3], 'float32'))).toBeAllClose([1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6], tol);
      expect(values(b, b.kernels.binary('maximum', a, 3.5, [2, 3], 'float32'))).toEqual([3.5, 3.5, 3.5, 4, 5, 6]);
      expect(values(b, b.kernels.binary('minimum', a, 3.5, [2, 3], 'float32'))).toEqual([1, 2, 3, 3.5, 3.5, 3.5]);
      expect(values(b, b.kernels.binary('maximum', make(b, [NaN, 1]), make(b, [0, NaN]), [2], 'float32'))).toEqual([NaN, NaN]);
    });

    it('pow on negative bases, zero exponents and integers', () => {
      const base = make(b, [-2, -2, -8, 0, 0, 3, 2]);
      const exps = make(b, [2, 3, 1 / 3, 0, 2, -1, 0.5]);
      // (-2)² = 4, (-2)³ = -8, (-8)^(1/3) = NaN (non-integer power of a negative), 0⁰ = 1, 0² = 0, 3⁻¹, √2.
      expect(values(b, b.kernels.binary('pow', base, exps, [7], 'float32'))).toBeAllClose([4, -8, NaN, 1, 0, 1 / 3, Math.SQRT2], tol);
      const ib = make(b, [10, -3, 7], [3], 'int32');
      expect(b.read(b.kernels.binary('pow', ib, 2, [3], 'int32'))).toEqual(Int32Array.from([100, 9, 49]));
      // Integer division truncates toward zero: 7 / -2 = -3.
      const num = make(b, [7, -7, 6, 9], [4], 'int32');
      const den = make(b, [2, 2, 3, -2], [4], 'int32');
      expect(b.read(b.kernels.binary('div', num, den, [4], 'int32'))).toEqual(Int32Array.from([3, -3, 2, -4]));
    });

    it('comparisons and where give bool', () => {
      const a = make(b, [1, 2, 3]);
      const c = make(b, [3, 2, 1]);
      const cmp = (op: Parameters<typeof b.kernels.compare>[0]): Uint8Array => b.read(b.kernels.compare(op, a, c, [3], 'float32')) as Uint8Array;
      expect(Array.from(cmp('eq'))).toEqual([0, 1, 0]);
      expect(Array.from(cmp('ne'))).toEqual([1, 0, 1]);
      expect(Array.from(cmp('lt'))).toEqual([1, 0, 0]);
      expect(Array.from(cmp('le'))).toEqual([1, 1, 0]);
      expect(Array.from(cmp('gt'))).toEqual([0, 0, 1]);
      expect(Array.from(cmp('ge'))).toEqual([0, 1, 1]);
      const cond = view(b.kernels.compare('gt', a, 1.5, [3], 'float32'), [3]);
      expect(b.kernels.compare('gt', a, 1.5, [3], 'float32').dtype).toBe('bool');
      expect(values(b, b.kernels.where(cond, a, -1, [3], 'float32'))).toEqual([-1, 2, 3]);
    });

    it('reductions over any axes of a strided view', () => {
      // x = [[1, 2, 3], [4, 5, 6]]
      const x = make(b, [1, 2, 3, 4, 5, 6], [2, 3]);
      expect(values(b, b.kernels.reduce('sum', x, [0]))).toEqual([5, 7, 9]);
      expect(values(b, b.kernels.reduce('sum', x, [1]))).toEqual([6, 15]);
      expect(values(b, b.kernels.reduce('sum', x, [0, 1]))).toEqual([21]);
      expect(values(b, b.kernels.reduce('prod', x, [1]))).toEqual([6, 120]);
      expect(values(b, b.kernels.reduce('max', x, [0]))).toEqual([4, 5, 6]);
      expect(values(b, b.kernels.reduce('min', x, [1]))).toEqual([1, 4]);
      // Its transpose, [3, 2] with strides [1, 3]: row sums are the column sums above.
      const t = view(x.storage, [3, 2], [1, 3]);
      expect(values(b, b.kernels.reduce('sum', t, [1]))).toEqual([5, 7, 9]);
      // [2, 3, 2] reduced over the outer and inner axes, middle kept.
      const y = make(b, Array.from({ length: 12 }, (_, i) => i), [2, 3, 2]);
      // kept j: Σ over i, k of 6i + 2j + k = (0+6)·2 + 2j·4 + (0+1)·2 = 14 + 8j
      expect(values(b, b.kernels.reduce('sum', y, [0, 2]))).toEqual([14, 22, 30]);
      expect(values(b, b.kernels.reduce('max', make(b, [1, NaN, 3]), [0]))).toEqual([NaN]);
      // Empty reductions give the identity.
      const empty = view(b.fromArray(new Float32Array(0), 'float32'), [2, 0], [0, 1]);
      expect(values(b, b.kernels.reduce('sum', empty, [1]))).toEqual([0, 0]);
      expect(values(b, b.kernels.reduce('prod', empty, [1]))).toEqual([1, 1]);
    });

    it('a long sum stays float32-accurate (compensated)', () => {
      const n = 30000;
      const s = values(b, b.kernels.reduce('sum', make(b, new Array<number>(n).fill(0.1)), [0]))[0]!;
      // Σ 0.1f over 30,000 = 3000.0000447 (0.1f = 0.100000001490116); a plain float32 loop gives 3000.58.
      expect(s).toBeCloseTo(n * Math.fround(0.1), 2);
    });

    it('loops past 65,535 iterations (llvmpipe stops longer shader loops): chunked, then combined', () => {
      const n = 70_000;
      const ones = make(b, new Array<number>(n).fill(1));
      expect(values(b, b.kernels.reduce('sum', ones, [0]))).toEqual([n]);
      // a dot product of length 70,000 through matmul: Σ ((i mod 7) - 3)² = 10,000 · 28
      const v = make(b, Array.from({ length: n }, (_, i) => (i % 7) - 3));
      const dot = b.kernels.matmul(view(v.storage, [1, 1, n], [0, 0, 1]), view(v.storage, [1, n, 1], [0, 1, 0]));
      expect(values(b, dot)).toEqual([280_000]);
      // the first of two equal maxima, both in later chunks
      const peaks = new Array<number>(n).fill(0);
      peaks[65_000] = 5;
      peaks[69_999] = 5;
      expect(values(b, b.kernels.argReduce('argmax', make(b, peaks), 0))).toEqual([65_000]);
      expect(values(b, b.kernels.reduce('max', make(b, peaks), [0]))).toEqual([5]);
      // scatterAdd of 10,000 ones into 2 bins along dim 0: even i → bin 0, odd → bin 1
      const m = 10_000;
      const idx = make(b, Array.from({ length: m }, (_, i) => i % 2), [m], 'int32');
      expect(values(b, b.kernels.scatterAdd([2], 0, idx, make(b, new Array<number>(m).fill(1))))).toEqual([m / 2, m / 2]);
    });

    it('argmax/argmin: first occurrence, int32', () => {
      const x = make(b, [3, 7, 7, 1, 0, 9], [2, 3]);
      expect(Array.from(b.read(b.kernels.argReduce('argmax', x, 1)))).toEqual([1, 2]);
      expect(Array.from(b.read(b.kernels.argReduce('argmin', x, 1)))).toEqual([0, 1]);
      expect(Array.from(b.read(b.kernels.argReduce('argmax', x, 0)))).toEqual([0, 0, 1]);
      // ties: the first of the equal maxima
      expect(Array.from(b.read(b.kernels.argReduce('argmax', make(b, [2, 5, 5, 5]), 0)))).toEqual([1]);
      expect(b.kernels.argReduce('argmax', x, 0).dtype).toBe('int32');
    });

    it('matmul, batched, with transposed and broadcast operands', () => {
      // [[1, 2], [3, 4]] @ [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
      const a = make(b, [1, 2, 3, 4], [1, 2, 2]);
      const m = make(b, [5, 6, 7, 8], [1, 2, 2]);
      expect(values(b, b.kernels.matmul(a, m))).toEqual([19, 22, 43, 50]);
      // aᵀ via strides: [[1, 3], [2, 4]] @ m = [[26, 30], [38, 44]]
      const at = view(a.storage, [1, 2, 2], [4, 1, 2]);
      expect(values(b, b.kernels.matmul(at, m))).toEqual([26, 30, 38, 44]);
      // two batches of a against one broadcast m (batch stride 0)
      const a2 = make(b, [1, 2, 3, 4, 1, 0, 0, 1], [2, 2, 2]);
      const mb = view(m.storage, [2, 2, 2], [0, 2, 1]);
      expect(values(b, b.kernels.matmul(a2, mb))).toEqual([19, 22, 43, 50, 5, 6, 7, 8]);
      // [1, 3] @ [3, 1] = 1·4 + 2·5 + 3·6 = 32; K = 0 gives zeros.
      expect(values(b, b.kernels.matmul(make(b, [1, 2, 3], [1, 1, 3]), make(b, [4, 5, 6], [1, 3, 1])))).toEqual([32]);
      const e = view(b.fromArray(new Float32Array(0), 'float32'), [1, 2, 0], [0, 0, 1]);
      const f = view(b.fromArray(new Float32Array(0), 'float32'), [1, 0, 2], [0, 2, 1]);
      expect(values(b, b.kernels.matmul(e, f))).toEqual([0, 0, 0, 0]);
    });

    it('matmul 64×48 @ 48×32 against plain JavaScript', () => {
      const [M, K, N] = [64, 48, 32];
      const av = Array.from({ length: M * K }, (_, i) => Math.sin(i));
      const bv = Array.from({ length: K * N }, (_, i) => Math.cos(i));
      const want: number[] = [];
      for (let i = 0; i < M; i++)
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += Math.fround(av[i * K + k]!) * Math.fround(bv[k * N + j]!);
          want.push(s);
        }
      expect(values(b, b.kernels.matmul(make(b, av, [1, M, K]), make(b, bv, [1, K, N])))).toBeAllClose(want, { rtol: 1e-4, atol: 1e-4 });
    });

    it('contiguous materialises negative, zero and offset strides', () => {
      const x = make(b, [0, 1, 2, 3, 4, 5], [2, 3]);
      // flip along dim 1: strides [3, -1], offset 2
      expect(values(b, b.kernels.contiguous(view(x.storage, [2, 3], [3, -1], 2)))).toEqual([2, 1, 0, 5, 4, 3]);
      // expand row 1 to 3 rows
      expect(values(b, b.kernels.contiguous(view(x.storage, [3, 3], [0, 1], 3)))).toEqual([3, 4, 5, 3, 4, 5, 3, 4, 5]);
      // a 0-d view of element 4
      expect(values(b, b.kernels.contiguous(view(x.storage, [], [], 4)))).toEqual([4]);
      // rank 5 permutation
      const y = make(b, Array.from({ length: 32 }, (_, i) => i), [2, 2, 2, 2, 2]);
      const perm = values(b, b.kernels.contiguous(view(y.storage, [2, 2, 2, 2, 2], [1, 2, 4, 8, 16])));
      // reversing the axes of a 2×2×2×2×2 reverses each index's bits
      expect(perm).toEqual(Array.from({ length: 32 }, (_, i) => parseInt(i.toString(2).padStart(5, '0').split('').reverse().join(''), 2)));
    });

    it('cast truncates toward zero and maps nonzero to true', () => {
      const x = make(b, [-1.7, -0.2, 0, 0.9, 2.5, NaN]);
      expect(Array.from(b.read(b.kernels.cast(view(x.storage, [5]), 'int32')))).toEqual([-1, 0, 0, 0, 2]);
      expect(Array.from(b.read(b.kernels.cast(x, 'bool')))).toEqual([1, 1, 0, 1, 1, 1]);
      const i = make(b, [3, -4], [2], 'int32');
      expect(b.read(b.kernels.cast(i, 'float32'))).toEqual(Float32Array.from([3, -4]));
    });

    it('assign writes a strided window in place, and whole storages', () => {
      const x = make(b, [0, 1, 2, 3, 4, 5, 6, 7, 8], [3, 3]);
      // x[:, 1] = [10, 11, 12]
      b.kernels.assign(view(x.storage, [3], [3], 1), make(b, [10, 11, 12]));
      expect(values(b, x.storage)).toEqual([0, 10, 2, 3, 11, 5, 6, 12, 8]);
      // x[1:, ::-1][:, :2] = 7 (a flipped window): positions (1,2), (1,1), (2,2), (2,1)
      b.kernels.assign(view(x.storage, [2, 2], [3, -1], 5), 7);
      expect(values(b, x.storage)).toEqual([0, 10, 2, 3, 7, 7, 6, 7, 7]);
      // the transpose of a 3×3 written with 0..8: xᵀ = src means x = srcᵀ
      b.kernels.assign(view(x.storage, [3, 3], [1, 3]), make(b, [0, 1, 2, 3, 4, 5, 6, 7, 8], [3, 3]));
      expect(values(b, x.storage)).toEqual([0, 3, 6, 1, 4, 7, 2, 5, 8]);
      // whole storage from a number
      b.kernels.assign(x, -1);
      expect(values(b, x.storage)).toEqual(new Array(9).fill(-1));
      // a layout whose strides do not nest (overlapping-free but interleaved) takes the host path
      const y = make(b, [0, 0, 0, 0, 0, 0]);
      b.kernels.assign(view(y.storage, [2, 2], [1, 2]), make(b, [1, 2, 3, 4], [2, 2]));
      expect(values(b, y.storage)).toEqual([1, 3, 2, 4, 0, 0]);
    });

    it('gather and scatterAdd along a dim', () => {
      // x = [[1, 2], [3, 4]]; gather(x, 1, [[0, 0], [1, 0]]) = [[1, 1], [4, 3]]
      const x = make(b, [1, 2, 3, 4], [2, 2]);
      const idx = make(b, [0, 0, 1, 0], [2, 2], 'int32');
      expect(values(b, b.kernels.gather(x, 1, idx))).toEqual([1, 1, 4, 3]);
      // gather(x, 0, [[1, 0]]) = [[3, 2]]
      expect(values(b, b.kernels.gather(x, 0, make(b, [1, 0], [1, 2], 'int32')))).toEqual([3, 2]);
      // scatterAdd into zeros([2, 3]) along dim 1: row 0 gets 1+2 at col 0, row 1 gets 3 at 1 and 4 at 0
      const src = make(b, [1, 2, 3, 4], [2, 2]);
      expect(values(b, b.kernels.scatterAdd([2, 3], 1, idx, src))).toEqual([3, 0, 0, 4, 3, 0]);
      // index narrower than the output in the other dim: row 1 of a [2, 2] output receives nothing
      const one = make(b, [1, 1], [1, 2], 'int32');
      expect(values(b, b.kernels.scatterAdd([2, 2], 1, one, make(b, [5, 6], [1, 2])))).toEqual([0, 11, 0, 0]);
    });
  });
}
