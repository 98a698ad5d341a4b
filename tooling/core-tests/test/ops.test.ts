/**
 * Forward values of the ops, worked out by hand, and dtype promotion as
 * PyTorch's result_type rules give it (int32 standing in for int64).
 */
import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import {
  arange,
  cat,
  eye,
  full,
  l1Loss,
  linspace,
  manualSeed,
  mseLoss,
  noGrad,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  stack,
  tensor,
  where,
  zeros,
  zerosLike,
  Tensor,
} from '@grad/core';

/** [[1, 2, 3], [4, 5, 6]] */
const X = (): Tensor => tensor([[1, 2, 3], [4, 5, 6]]);
const int = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'int32' });

describe('sum and mean', () => {
  it('over everything, one dim, several dims, negative dims, keepdim', () => {
    const x = X();
    expect(x.sum().item()).toBe(21);
    expect(x.sum().shape).toEqual([]);
    expect(x.sum(0).tolist()).toEqual([5, 7, 9]);
    expect(x.sum(1).tolist()).toEqual([6, 15]);
    expect(x.sum(-1).tolist()).toEqual([6, 15]);
    expect(x.sum(1, true).tolist()).toEqual([[6], [15]]);
    expect(x.sum(1, true).shape).toEqual([2, 1]);
    expect(x.sum([0, 1]).item()).toBe(21);
    expect(x.sum([0, 1], true).shape).toEqual([1, 1]);
  });

  it('mean: 21/6 = 3.5; columns [2.5, 3.5, 4.5]; rows kept [[2], [5]]', () => {
    const x = X();
    expect(x.mean().item()).toBe(3.5);
    expect(x.mean(0).tolist()).toEqual([2.5, 3.5, 4.5]);
    expect(x.mean(1, true).tolist()).toEqual([[2], [5]]);
  });

  it('sum of int32 stays int32; of bool counts the trues (as int)', () => {
    expect(int([1, 2, 3]).sum().dtype).toBe('int32');
    expect(int([1, 2, 3]).sum().item()).toBe(6);
    const b = tensor([true, false, true]).sum();
    expect(b.dtype).toBe('int32');
    expect(b.item()).toBe(2);
  });

  it('prod: 6! = 720; rows [6, 120]', () => {
    expect(X().prod().item()).toBe(720);
    expect(X().prod(1).tolist()).toEqual([6, 120]);
  });
});

describe('max / min / argmax', () => {
  it('max() of all; max(dim) gives { values, indices }', () => {
    const x = tensor([[1, 5, 2], [7, 0, 3]]);
    expect(x.max().item()).toBe(7);
    expect(x.min().item()).toBe(0);
    const m = x.max(1);
    expect(m.values.tolist()).toEqual([5, 7]);
    expect(m.indices.tolist()).toEqual([1, 0]);
    expect(m.indices.dtype).toBe('int32');
    const n = x.min(0);
    expect(n.values.tolist()).toEqual([1, 0, 2]);
    expect(n.indices.tolist()).toEqual([0, 1, 0]);
  });

  it('destructures as [values, indices]; keepdim keeps the dim', () => {
    const x = tensor([[1, 5, 2], [7, 0, 3]]);
    const [values, indices] = x.max(1, true);
    expect(values!.shape).toEqual([2, 1]);
    expect(values!.tolist()).toEqual([[5], [7]]);
    expect(indices!.tolist()).toEqual([[1], [0]]);
    const [v2] = x.min(-1);
    expect(v2!.tolist()).toEqual([1, 0]);
  });

  it('argmax/argmin of the flattened tensor and along a dim', () => {
    const x = tensor([[1, 5, 2], [7, 0, 3]]);
    expect(x.argmax().item()).toBe(3); // 7 is at flat index 3
    expect(x.argmin().item()).toBe(4);
    expect(x.argmax(1).tolist()).toEqual([1, 0]);
    expect(x.amax(0).tolist()).toEqual([7, 5, 3]);
    expect(x.amin(1).tolist()).toEqual([1, 0]);
  });

  it('the gradient of max(dim) goes to the index taken', () => {
    const x = tensor([[1, 5, 2], [7, 0, 3]], { requiresGrad: true });
    x.max(1).values.sum().backward();
    expect(x.grad!.tolist()).toEqual([[0, 1, 0], [1, 0, 0]]);
  });
});

describe('var, std, norm, logsumexp, softmax', () => {
  it('var/std with Bessel’s correction (default) and correction 0', () => {
    // 1…6: mean 3.5, Σ(x − 3.5)² = 6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 6.25 = 17.5
    const x = X();
    expect(x.var().item()).toBeCloseTo(17.5 / 5, 6);
    expect(x.var(null, { correction: 0 }).item()).toBeCloseTo(17.5 / 6, 6);
    expect(x.std().item()).toBeCloseTo(Math.sqrt(3.5), 6);
    // each row: Σ(x − x̄)² = 1 + 0 + 1 = 2
    expect(x.var(1).tolist()).toEqual([1, 1]);
    expect(x.std(1, { correction: 0 })).toBeAllClose([Math.sqrt(2 / 3), Math.sqrt(2 / 3)]);
    expect(x.var(1, { unbiased: false, keepdim: true }).shape).toEqual([2, 1]);
  });

  it('the gradient of var: 2(x − x̄)/(N − 1)', () => {
    const x = tensor([1, 2, 6], { requiresGrad: true });
    x.var().backward();
    // x̄ = 3 → 2·[−2, −1, 3]/2
    expect(x.grad!.tolist()).toEqual([-2, -1, 3]);
  });

  it('norm: p = 2, 1, ∞ of (3, −4) are 5, 7, 4; row norms of a matrix', () => {
    const v = tensor([3, -4]);
    expect(v.norm().item()).toBe(5);
    expect(v.norm(2).item()).toBe(5);
    expect(v.norm(1).item()).toBe(7);
    expect(v.norm(Infinity).item()).toBe(4);
    expect(tensor([[3, 4], [6, 8]]).norm(2, 1).tolist()).toEqual([5, 10]);
    // d‖v‖/dv = v/‖v‖
    const w = tensor([3, -4], { requiresGrad: true });
    w.norm().backward();
    expect(w.grad!).toBeAllClose([0.6, -0.8]);
  });

  it('logsumexp: log(e⁰ + e⁰) = ln 2, stable for large values', () => {
    expect(tensor([0, 0]).logsumexp(0).item()).toBeCloseTo(Math.LN2, 6);
    expect(tensor([1000, 1000]).logsumexp(0).item()).toBeCloseTo(1000 + Math.LN2, 3);
    // rows of [[0, ln 3], [1, 1]]: log(1 + 3) = ln 4, 1 + ln 2
    const r = tensor([[0, Math.log(3)], [1, 1]]).logsumexp(1);
    expect(r).toBeAllClose([Math.log(4), 1 + Math.LN2], { rtol: 1e-6 });
  });

  it('softmax: rows sum to 1; eⁱ/Σ eʲ; large values do not overflow', () => {
    const x = tensor([[1, 2, 3], [0, 0, 0]]);
    const s = x.softmax(1);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(s).toBeAllClose([[Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z], [1 / 3, 1 / 3, 1 / 3]], { rtol: 1e-6 });
    expect(s.sum(1)).toBeAllClose([1, 1], { rtol: 1e-6 });
    expect(tensor([1000, 1000]).softmax(0).tolist()).toEqual([0.5, 0.5]);
    expect(tensor([0, 0]).logSoftmax(0)).toBeAllClose([-Math.LN2, -Math.LN2]);
    // columns
    expect(x.softmax(0).sum(0)).toBeAllClose([1, 1, 1], { rtol: 1e-6 });
  });
});

describe('joining and splitting', () => {
  it('cat along dims 0 and 1', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6]]);
    expect(cat([a, b], 0).tolist()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(cat([a, tensor([[7], [8]])], 1).tolist()).toEqual([[1, 2, 7], [3, 4, 8]]);
    expect(cat([a, b], -2).shape).toEqual([3, 2]);
  });

  it('stack along a new dim 0 or 1', () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    expect(stack([a, b]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(stack([a, b], 1).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(stack([a, b], -1).shape).toEqual([2, 2]);
  });

  it('split by size and by sizes; chunk into ceil-sized pieces', () => {
    const x = arange(5);
    expect(x.split(2).map((t) => t.tolist())).toEqual([[0, 1], [2, 3], [4]]);
    expect(x.split([1, 4]).map((t) => t.tolist())).toEqual([[0], [1, 2, 3, 4]]);
    // 6 into 4 chunks: size ceil(6/4) = 2, so 3 chunks (as PyTorch)
    expect(arange(6).chunk(4).map((t) => t.tolist())).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(arange(6).chunk(3).length).toBe(3);
  });

  it('repeat tiles; flip reverses', () => {
    expect(tensor([1, 2]).repeat(2, 2).tolist()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    expect(tensor([[1], [2]]).repeat(1, 3).tolist()).toEqual([[1, 1, 1], [2, 2, 2]]);
    const m = tensor([[1, 2], [3, 4]]);
    expect(m.flip(0).tolist()).toEqual([[3, 4], [1, 2]]);
    expect(m.flip(1).tolist()).toEqual([[2, 1], [4, 3]]);
    expect(m.flip(0, 1).tolist()).toEqual([[4, 3], [2, 1]]);
  });

  it("flip keeps its input's memory layout (PyTorch's empty_like with preserve)", () => {
    // The strides PyTorch 1.13 gives (x.t().flip(0).stride() and so on).
    const t = zeros(2, 3).t().flip(0);
    expect([t.stride(), t.isContiguous(), t.t().isContiguous()]).toEqual([[1, 3], false, true]);
    expect(zeros(2, 3, 4).permute(2, 0, 1).flip(1).stride()).toEqual([1, 12, 4]);
    // Not dense: dense strides in the input's order of dimensions; an expanded dimension keeps its row-major place.
    expect(zeros(3, 4, 5).permute(1, 2, 0).slice(1, null, null, 2).flip(0).stride()).toEqual([3, 1, 12]);
    expect(zeros(2, 4, 6, 3).narrow(3, 0, 2).permute(0, 3, 1, 2).flip(1).stride()).toEqual([48, 1, 12, 2]);
    expect(zeros(3, 1).expand(3, 4).flip(0).stride()).toEqual([4, 1]);
    expect(tensor([[1, 2, 3], [4, 5, 6]]).t().flip(0).tolist()).toEqual([[3, 6], [2, 5], [1, 4]]);
    expect(() => tensor([[1, 2], [3, 4]]).flip(0, 0)).toThrow('dim 0 appears multiple times in the list of dims');
  });

  it("clone keeps its input's memory layout (torch.clone's preserve_format); contiguous() is row-major", () => {
    // The strides PyTorch 1.13 gives: x.t().clone().stride() is (1, 3), x[:, ::2].clone().stride() is (2, 1).
    const t = tensor([[1, 2, 3], [4, 5, 6]]).t();
    const c = t.clone();
    expect([c.stride(), c.isContiguous(), c.tolist()]).toEqual([[1, 3], false, [[1, 4], [2, 5], [3, 6]]]);
    expect(t.contiguous().stride()).toEqual([2, 1]);
    expect(zeros(2, 3).slice(1, null, null, 2).clone().stride()).toEqual([2, 1]);
    expect(zeros(2, 3, 4).permute(2, 0, 1).clone().stride()).toEqual([1, 12, 4]);
    expect(zeros(2, 3, 4).permute(2, 0, 1).slice(2, null, null, 2).clone().stride()).toEqual([1, 8, 4]);
    expect(zeros(1, 3).expand(4, 3).clone().stride()).toEqual([3, 1]);
    // Its own storage: writing into the clone leaves the source alone. The gradient passes through (∂/∂x = weights).
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const y = x.t().clone();
    expect(y.gradFn!.name).toBe('CloneBackward0');
    y.mul(tensor([[1, 2], [3, 4]])).sum().backward();
    expect(x.grad!.tolist()).toEqual([[1, 3], [2, 4]]);
    const z = noGrad(() => x.t().clone());
    z.fill_(0);
    expect(x.tolist()).toEqual([[1, 2], [3, 4]]);
  });

  it('the gradient of repeat sums the tiles; of cat splits it back', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.repeat(3).mul(tensor([1, 2, 3, 4, 5, 6])).sum().backward();
    // x₀ appears at 0, 2, 4 (1 + 3 + 5); x₁ at 1, 3, 5 (2 + 4 + 6)
    expect(x.grad!.tolist()).toEqual([9, 12]);
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([2, 3], { requiresGrad: true });
    cat([a, b]).mul(tensor([10, 20, 30])).sum().backward();
    expect(a.grad!.tolist()).toEqual([10]);
    expect(b.grad!.tolist()).toEqual([20, 30]);
  });
});

describe('indexing', () => {
  it('gather: out[i][j] = x[i][index[i][j]] for dim 1', () => {
    expect(X().gather(1, int([[0, 0], [1, 0]])).tolist()).toEqual([[1, 1], [5, 4]]);
    // dim 0: out[i][j] = x[index[i][j]][j]
    expect(X().gather(0, int([[1, 0, 1]])).tolist()).toEqual([[4, 2, 6]]);
  });

  it('indexSelect picks whole rows or columns', () => {
    expect(X().indexSelect(1, int([2, 0])).tolist()).toEqual([[3, 1], [6, 4]]);
    expect(X().indexSelect(0, int([1, 1])).tolist()).toEqual([[4, 5, 6], [4, 5, 6]]);
  });

  it('scatterAdd adds src at the indices, accumulating repeats', () => {
    const out = zeros(3).scatterAdd(0, int([0, 1, 0, 2]), tensor([1, 2, 3, 4]));
    // out[0] = 1 + 3, out[1] = 2, out[2] = 4
    expect(out.tolist()).toEqual([4, 2, 4]);
    const base = ones(2, 2).scatterAdd(1, int([[1, 1], [0, 1]]), tensor([[5, 6], [7, 8]]));
    expect(base.tolist()).toEqual([[1, 12], [8, 9]]);
  });

  it('gather’s gradient scatters back, adding repeats', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.gather(0, int([2, 2, 0])).sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 0, 2]);
  });
});

describe('pointwise', () => {
  it('where / clamp / maximum / minimum', () => {
    const c = tensor([true, false, true]);
    expect(where(c, tensor([1, 2, 3]), tensor([10, 20, 30])).tolist()).toEqual([1, 20, 3]);
    expect(tensor([1, 2, 3]).where(c, 0).tolist()).toEqual([1, 0, 3]);
    expect(where(c, 5, tensor([10, 20, 30])).tolist()).toEqual([5, 20, 5]);
    const x = tensor([-2, 0.5, 3]);
    expect(x.clamp(0, 1).tolist()).toEqual([0, 0.5, 1]);
    expect(x.clamp(0).tolist()).toEqual([0, 0.5, 3]);
    expect(x.clamp(null, 1).tolist()).toEqual([-2, 0.5, 1]);
    expect(x.maximum(tensor([0, 0, 5])).tolist()).toEqual([0, 0.5, 5]);
    expect(x.minimum(0).tolist()).toEqual([-2, 0, 0]);
  });

  it('unary functions at points where the values are known exactly', () => {
    expect(tensor([0]).exp().tolist()).toEqual([1]);
    expect(tensor([1]).log().tolist()).toEqual([0]);
    expect(tensor([4, 9]).sqrt().tolist()).toEqual([2, 3]);
    expect(tensor([4]).rsqrt().tolist()).toEqual([0.5]);
    expect(tensor([-2, 3]).abs().tolist()).toEqual([2, 3]);
    expect(tensor([-2, 0, 3]).sign().tolist()).toEqual([-1, 0, 1]);
    expect(tensor([0]).sigmoid().tolist()).toEqual([0.5]);
    expect(tensor([0]).tanh().tolist()).toEqual([0]);
    expect(tensor([-1, 2]).relu().tolist()).toEqual([0, 2]);
    expect(tensor([0]).sin().tolist()).toEqual([0]);
    expect(tensor([0]).cos().tolist()).toEqual([1]);
    expect(tensor([1, 2]).neg().tolist()).toEqual([-1, -2]);
    expect(tensor([Math.PI / 2]).sin()).toBeAllClose([1]);
  });

  it('add/sub with alpha, pow, div with rounding modes', () => {
    const a = tensor([1, 2]);
    const b = tensor([10, 20]);
    expect(a.add(b, { alpha: 2 }).tolist()).toEqual([21, 42]);
    expect(a.sub(b, { alpha: 0.5 }).tolist()).toEqual([-4, -8]);
    expect(tensor([2, 3]).pow(2).tolist()).toEqual([4, 9]);
    expect(tensor([2, 3]).pow(tensor([3, 2])).tolist()).toEqual([8, 9]);
    // −7/2 = −3.5: floor → −4, trunc → −3
    expect(tensor([-7, 7]).div(2, { roundingMode: 'floor' }).tolist()).toEqual([-4, 3]);
    expect(tensor([-7, 7]).div(2, { roundingMode: 'trunc' }).tolist()).toEqual([-3, 3]);
    expect(tensor([1, 3]).div(tensor([2, 4])).tolist()).toEqual([0.5, 0.75]);
  });
});

describe('comparisons and logical reductions', () => {
  it('eq/ne/lt/le/gt/ge give bool tensors and are never tracked', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([3, 2, 1]);
    const r = { eq: a.eq(b), ne: a.ne(b), lt: a.lt(b), le: a.le(b), gt: a.gt(b), ge: a.ge(b) };
    expect(r.eq.tolist()).toEqual([false, true, false]);
    expect(r.ne.tolist()).toEqual([true, false, true]);
    expect(r.lt.tolist()).toEqual([true, false, false]);
    expect(r.le.tolist()).toEqual([true, true, false]);
    expect(r.gt.tolist()).toEqual([false, false, true]);
    expect(r.ge.tolist()).toEqual([false, true, true]);
    for (const t of Object.values(r)) {
      expect(t.dtype).toBe('bool');
      expect(t.requiresGrad).toBe(false);
    }
    expect(a.gt(1.5).tolist()).toEqual([false, true, true]);
  });

  it('all / any, overall and along a dim', () => {
    const t = tensor([[true, false], [true, true]]);
    expect(t.all().item()).toBe(0);
    expect(t.any().item()).toBe(1);
    expect(t.all().tolist()).toBe(false);
    expect(t.all(1).tolist()).toEqual([false, true]);
    expect(t.any(0).tolist()).toEqual([true, true]);
    expect(tensor([1, 2]).all().tolist()).toBe(true);
  });

  it('allclose: |a − b| ≤ atol + rtol·|b|; equal: same shape and values', () => {
    expect(tensor([1, 2]).allclose(tensor([1 + 1e-6, 2]))).toBe(true);
    expect(tensor([1]).allclose(tensor([1.1]))).toBe(false);
    expect(tensor([1]).allclose(tensor([1.1]), { atol: 0.2 })).toBe(true);
    expect(tensor([100]).allclose(tensor([101]), { rtol: 0.02 })).toBe(true);
    expect(tensor([NaN]).allclose(tensor([NaN]))).toBe(false);
    expect(tensor([NaN]).allclose(tensor([NaN]), { equalNan: true })).toBe(true);
    expect(tensor([1, 2]).equal(tensor([1, 2]))).toBe(true);
    expect(tensor([1, 2]).equal(tensor([1, 3]))).toBe(false);
    expect(tensor([1, 2]).equal(tensor([[1, 2]]))).toBe(false);
  });
});

describe('dtype promotion (torch.result_type)', () => {
  it('int32 + float32 tensor → float32; float32 + float64 tensor → float64', () => {
    const r = int([1, 2]).add(tensor([0.5, 0.5]));
    expect(r.dtype).toBe('float32');
    expect(r.tolist()).toEqual([1.5, 2.5]);
    expect(tensor([1]).add(tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('a number never widens within its category; it lifts int to float', () => {
    expect(tensor([1]).add(2.5).dtype).toBe('float32');
    expect(tensor([1], { dtype: 'float64' }).mul(2).dtype).toBe('float64');
    expect(int([1]).add(2).dtype).toBe('int32');
    expect(int([1]).add(2.5).dtype).toBe('float32');
    expect(int([1]).add(2.5).tolist()).toEqual([3.5]);
  });

  it('a 0-d tensor decides only when of a higher category', () => {
    // float32 [1] + float64 0-d → float32 (same category)
    expect(tensor([1]).add(tensor(1, { dtype: 'float64' })).dtype).toBe('float32');
    // int32 [1] + float64 0-d → float64 (higher category)
    expect(int([1]).add(tensor(1, { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('int / int → float32 (true division)', () => {
    const r = int([1, 3]).div(int([2, 2]));
    expect(r.dtype).toBe('float32');
    expect(r.tolist()).toEqual([0.5, 1.5]);
  });

  it('bool + bool → bool (true + true is true); bool + int → int', () => {
    const r = tensor([true, false, false]).add(tensor([true, true, false]));
    expect(r.dtype).toBe('bool');
    expect(r.tolist()).toEqual([true, true, false]);
    const s = tensor([true, false]).add(int([2, 2]));
    expect(s.dtype).toBe('int32');
    expect(s.tolist()).toEqual([3, 2]);
    expect(tensor([true]).mul(tensor([2.5])).dtype).toBe('float32');
  });

  it('int32 arithmetic stays integral', () => {
    expect(int([7, 8]).mul(int([2, 3])).tolist()).toEqual([14, 24]);
    expect(int([7, 8]).sub(1).dtype).toBe('int32');
  });
});

describe('linear algebra', () => {
  it('matmul of 2-D, matrix·vector, vector·matrix, dot, batched with broadcasting', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    // [1·5 + 2·7, 1·6 + 2·8], [3·5 + 4·7, 3·6 + 4·8]
    expect(a.matmul(b).tolist()).toEqual([[19, 22], [43, 50]]);
    expect(a.mm(b).tolist()).toEqual([[19, 22], [43, 50]]);
    expect(a.matmul(tensor([1, 1])).tolist()).toEqual([3, 7]);
    expect(tensor([1, 2]).matmul(a).tolist()).toEqual([7, 10]);
    expect(tensor([1, 2, 3]).dot(tensor([4, 5, 6])).item()).toBe(32);
    const batch = stack([a, b]); // [2, 2, 2]
    const eyeish = tensor([[1, 0], [0, 2]]);
    // each matrix times diag(1, 2): second column doubled
    expect(batch.matmul(eyeish).tolist()).toEqual([
      [[1, 4], [3, 8]],
      [[5, 12], [7, 16]],
    ]);
    expect(batch.bmm(stack([eyeish, eyeish])).shape).toEqual([2, 2, 2]);
    expect(tensor([1, 2]).outer(tensor([3, 4])).tolist()).toEqual([[3, 4], [6, 8]]);
  });

  it('the gradient of A·B: G·Bᵀ and Aᵀ·G', () => {
    const A = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const B = tensor([[5, 6], [7, 8]], { requiresGrad: true });
    A.matmul(B).sum().backward();
    // G = ones: ∂/∂A = ones·Bᵀ → row sums of B per column: [[11, 15], [11, 15]]
    expect(A.grad!.tolist()).toEqual([[11, 15], [11, 15]]);
    // ∂/∂B = Aᵀ·ones → column sums of A per row: [[4, 4], [6, 6]]
    expect(B.grad!.tolist()).toEqual([[4, 4], [6, 6]]);
  });
});

describe('creation', () => {
  it('arange: ints give int32, a fractional step float32', () => {
    expect(arange(5).tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(5).dtype).toBe('int32');
    expect(arange(1, 4).tolist()).toEqual([1, 2, 3]);
    expect(arange(0, 1, 0.25).tolist()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(0, 1, 0.25).dtype).toBe('float32');
    expect(arange(5, 0, -2).tolist()).toEqual([5, 3, 1]);
    expect(arange(3, { dtype: 'float64' }).dtype).toBe('float64');
    expect(arange(0).shape).toEqual([0]);
  });

  it('linspace includes both ends', () => {
    expect(linspace(0, 1, 5).tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(-1, 1, 3).tolist()).toEqual([-1, 0, 1]);
    expect(linspace(2, 2, 1).tolist()).toEqual([2]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
  });

  it('eye, full, zeros/ones with trailing numbers or an array, zerosLike/onesLike', () => {
    expect(eye(2).tolist()).toEqual([[1, 0], [0, 1]]);
    expect(eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(full([2, 2], 7).tolist()).toEqual([[7, 7], [7, 7]]);
    expect(full([2], true).dtype).toBe('bool');
    expect(ones(2, 3).shape).toEqual([2, 3]);
    expect(ones([2, 3]).shape).toEqual([2, 3]);
    expect(zeros().shape).toEqual([]);
    const i = int([[1, 2]]);
    const z = zerosLike(i);
    expect(z.dtype).toBe('int32');
    expect(z.tolist()).toEqual([[0, 0]]);
    expect(onesLike(i, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('tensor(): typed arrays keep their dtype; data is copied', () => {
    const src = Float64Array.from([0, 1, 2, 3]);
    const t = tensor(src).reshape(2, 2);
    expect(t.dtype).toBe('float64');
    src[0] = 99;
    expect(t.tolist()).toEqual([[0, 1], [2, 3]]);
    expect(tensor(Int32Array.from([1, 2])).dtype).toBe('int32');
    expect(tensor([1, 2, 3, 4], { shape: [2, 2] }).tolist()).toEqual([[1, 2], [3, 4]]);
  });

  it('randint stays in [low, high), rand in [0, 1), randn has mean ≈ 0 and std ≈ 1', () => {
    manualSeed(0);
    const r = randint(0, 10, [1000]);
    expect(r.dtype).toBe('int32');
    const vals = r.tolist() as number[];
    expect(Math.min(...vals)).toBe(0);
    expect(Math.max(...vals)).toBe(9);
    expect(new Set(vals).size).toBe(10);
    const s = randint(5, [200]).tolist() as number[];
    expect(s.every((v) => Number.isInteger(v) && v >= 0 && v < 5)).toBe(true);
    const u = rand(1000).tolist() as number[];
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    // 10,000 standard normals: the mean's standard error is 0.01
    const n = randn(10000);
    expect(Math.abs(n.mean().item())).toBeLessThan(0.05);
    expect(Math.abs(n.std().item() - 1)).toBeLessThan(0.05);
  });

  it('manualSeed makes rand reproducible', () => {
    manualSeed(42);
    const a = rand(5).tolist();
    manualSeed(42);
    expect(rand(5).tolist()).toEqual(a);
  });
});

describe('losses', () => {
  it('mseLoss = mean (x − y)²; l1Loss = mean |x − y|; sum reduction', () => {
    const x = tensor([1, 2, 3]);
    const y = tensor([3, 2, 0]);
    // (4 + 0 + 9)/3
    expect(mseLoss(x, y).item()).toBeCloseTo(13 / 3, 6);
    expect(mseLoss(x, y, { reduction: 'sum' }).item()).toBe(13);
    expect(l1Loss(x, y).item()).toBeCloseTo(5 / 3, 6);
    expect(mseLoss(x, y, { reduction: 'none' }).tolist()).toEqual([4, 0, 9]);
  });
});
