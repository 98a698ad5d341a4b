/**
 * x[…] and x[…] = v (index, indexPut_, indexPut): what the PyTorch oracle
 * (tooling/pytorch-oracle) cannot see — error kinds, views sharing storage,
 * the version counter, saved index tensors, and where grad follows the
 * upstream fix of a PyTorch 1.13 bug. Every expected value here was
 * checked against PyTorch 1.13 (or, for the mask fix, NumPy).
 */
import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { arange, autograd, index, indexPut, IndexError, RuntimeError, slice, tensor, Tensor, TypeError, ValueError, zeros } from '@grad/core';

const grid = (...shape: number[]): Tensor => arange(shape.reduce((a, b) => a * b, 1)).float().reshape(shape);
const ints = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'int32' });

describe('error kinds are PyTorch’s', () => {
  const cases: Array<[string, () => unknown, new (...a: never[]) => Error]> = [
    ['a number out of range', () => grid(3).index(5), IndexError],
    ['an index tensor out of range', () => grid(2, 3).index([slice(), [0, 5]]), IndexError],
    ['a mask of another shape', () => grid(3).index(tensor([true, false])), IndexError],
    ['index tensors that do not broadcast', () => grid(3, 3).index([[0, 1], [0, 1, 2]]), IndexError],
    ['a float index tensor', () => grid(3).index(tensor([0])), IndexError],
    ['a fraction', () => grid(3).index(1.5), IndexError],
    ['a fraction in an index array (PyTorch truncates it)', () => grid(3).index([[1.5]]), IndexError],
    ['too many indices', () => grid(3).index([0, 0]), IndexError],
    ['a negative step', () => grid(3).index(slice(null, null, -1)), ValueError],
    ['a zero step', () => grid(3).index(slice(0, 3, 0)), ValueError],
    ['a fractional slice bound', () => grid(3).index(slice(0, 1.5)), TypeError],
    ['an unknown slice key', () => grid(3).index({ begin: 1 } as never), TypeError],
    ['a string other than ...', () => grid(3).index(':' as never), IndexError],
    ['values of the wrong shape', () => grid(2, 4).indexPut_([[0, 1]], zeros(3)), RuntimeError],
    ['values of another dtype', () => grid(2, 4).indexPut_([[0, 1]], zeros(4, { dtype: 'float64' })), RuntimeError],
    ['a leaf that requires grad', () => grid(3).requiresGrad_().indexPut_([[0]], 1), RuntimeError],
  ];
  it.each(cases)('%s', (_, run, kind) => {
    expect(run).toThrow(kind);
  });
});

describe('basic indexing is a view', () => {
  it('shares storage and the version counter: writing through x.index([0]) changes x', () => {
    const x = grid(2, 3);
    const row = x.index([0, slice(1, null)]);
    row.fill_(-1);
    expect(x.tolist()).toEqual([[0, -1, -1], [3, 4, 5]]);
  });
  it('records the view nodes PyTorch records (x[:, 0], x[0:2, 0:3], x[...], x[None])', () => {
    const x = grid(2, 3).requiresGrad_();
    const y = x.index([slice(), 0]);
    expect([y.gradFn?.name, y.gradFn?.nextFunctions[0]?.[0]?.name]).toEqual(['SelectBackward0', 'SliceBackward0']);
    // A slice spelled 0:size is skipped among several items (PyTorch's optimisation), leaving an alias.
    expect(x.index([slice(0, 2), slice(0, 3)]).gradFn?.name).toBe('AliasBackward0');
    expect(x.index(slice(0, 2)).gradFn?.name).toBe('SliceBackward0');
    expect(x.index('...').gradFn?.name).toBe('AliasBackward0');
    expect(x.index(null).shape).toEqual([1, 2, 3]);
  });
});

describe('advanced indexing', () => {
  it('puts the result dims in place when the indexed dims are adjacent, in front when not', () => {
    const x = grid(2, 3, 4);
    expect(x.index([slice(), [0, 1], [1, 2]]).shape).toEqual([2, 2]);
    expect(x.index([[0, 1], slice(), [1, 2]]).shape).toEqual([2, 3]);
    expect(x.index([slice(), [0, 1], null, [0]]).shape).toEqual([2, 2, 1]);
    expect(x.index([null, [1], slice(), [0]]).tolist()).toEqual([[[12, 16, 20]]]);
  });
  it('x[True] and x[False] add a dim of size 1 and 0', () => {
    expect(grid(2, 3).index(true).shape).toEqual([1, 2, 3]);
    expect(grid(2, 3).index(false).shape).toEqual([0, 2, 3]);
  });
  it('a multi-dim mask consumes all its dims before a number (NumPy; PyTorch 1.13 fails, fixed upstream)', () => {
    const x = grid(2, 3, 4);
    const m = tensor([[true, false, true], [false, false, true]]);
    // x[m] rows are x[0, 0], x[0, 2], x[1, 2]; then element 0 of each
    expect(x.index([m, 0]).tolist()).toEqual([0, 8, 20]);
  });
  it('works on int32 and bool tensors', () => {
    expect(ints([5, 6, 7]).index([[2, 0]]).tolist()).toEqual([7, 5]);
    expect(tensor([true, false]).indexPut([[1]], true).tolist()).toEqual([true, true]);
  });
  it('an empty index gives an empty result', () => {
    expect(grid(0, 3).index([[]]).shape).toEqual([0, 3]);
    expect(grid(3, 2).index([ints([])]).shape).toEqual([0, 2]);
  });
  it('has function forms', () => {
    expect(index(grid(3), [[2, 0]]).tolist()).toEqual([2, 0]);
    expect(indexPut(zeros(3), [[1]], 4).tolist()).toEqual([0, 4, 0]);
  });
});

describe('gradients', () => {
  it('repeated indices add up, and the second derivative works under createGraph', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    // f = x0³ + x0³ + x1³: ∂f = [6·x0², 3·x1², 0] = [6, 12, 0]; ∂(Σ∂f) = [12·x0, 6·x1, 0] = [12, 12, 0]
    const [g] = autograd.grad(x.index([[0, 0, 1]]).pow(3).sum(), [x], { createGraph: true });
    expect(g!.tolist()).toEqual([6, 12, 0]);
    expect(g!.requiresGrad).toBe(true);
    const [gg] = autograd.grad(g!.sum(), [x]);
    expect(gg!.tolist()).toEqual([12, 12, 0]);
  });
  it('indexPut_ bumps the version counter, so a graph that saved the old values refuses them', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true }).mul(1);
    const y = x.pow(2);
    const before = x._version.value;
    x.indexPut_([[0]], 5);
    expect(x._version.value).toBe(before + 1);
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation/);
  });
  it('saves the index tensors as PyTorch does: changing one before backward is refused', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true }).mul(1);
    const i = ints([0, 1]);
    const y = x.index(i);
    i.add_(1);
    expect(() => y.sum().backward()).toThrow(/is at version 1; expected version 0 instead/);
  });
  it('overwriting drops the gradient of what was overwritten; accumulating keeps it', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const v = tensor([10, 20], { requiresGrad: true });
    indexPut(x, [[0, 2]], v).mul(tensor([1, 2, 3])).sum().backward();
    expect([x.grad!.tolist(), v.grad!.tolist()]).toEqual([[0, 2, 0], [1, 3]]);
    x.grad = null;
    indexPut(x, [[0, 2]], v, true).mul(tensor([1, 2, 3])).sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 2, 3]);
  });
});

describe('the gradient graph of indexing', () => {
  it("under createGraph the gradient is PyTorch's IndexPutImplBackward0, its edges (zeros, the output gradient)", () => {
    // PyTorch 1.13: x[torch.tensor([0, 2, 2])] differentiated with a cotangent that requires grad gives
    // a gradient whose grad_fn is IndexPutImplBackward0 with next_functions ((None, 0), (AccumulateGrad, 0)).
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const y = x.index([tensor([0, 2, 2], { dtype: 'int32' })]);
    const v = tensor([1, 2, 3], { requiresGrad: true });
    const [g] = autograd.grad([y], [x], { gradOutputs: [v], createGraph: true });
    expect(g!.gradFn!.name).toBe('IndexPutImplBackward0');
    expect(g!.gradFn!.nextFunctions.map(([n]) => n?.name ?? null)).toEqual([null, 'AccumulateGrad']);
    // Repeated index 2 accumulates: ∂/∂x = [v₀, 0, v₁ + v₂, 0].
    expect(g!.tolist()).toEqual([1, 0, 5, 0]);
  });
});

describe('the README example (packages/core/README.md, Indexing)', () => {
  it('gives what the comments say', () => {
    const x = arange(12).float().reshape(3, 4).requiresGrad_();
    const view = x.index([1, slice(1, null)]);
    expect([view.tolist(), view.gradFn?.name, view.gradFn?.nextFunctions[0]?.[0]?.name]).toEqual([[5, 6, 7], 'SliceBackward0', 'SelectBackward0']);
    const picked = x.index([tensor([0, 2, 0], { dtype: 'int32' }), -1]);
    expect([picked.tolist(), picked.gradFn?.name]).toEqual([[3, 11, 3], 'IndexBackward0']);
    expect(x.index(x.gt(8)).tolist()).toEqual([9, 10, 11]);
    expect(x.index([null, '...', [0, 3]]).shape).toEqual([1, 3, 2]);
    const y = x.detach().clone();
    y.indexPut_([slice(), [0, 0]], 1, true);
    expect(y.index([slice(), 0]).tolist()).toEqual([2, 6, 10]);
    y.indexPut_(y.lt(3), 0);
    expect(y.index(0).tolist()).toEqual([0, 0, 0, 3]);
  });
});
