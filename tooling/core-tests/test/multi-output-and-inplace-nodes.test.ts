/**
 * split / chunk / unbind as one multi-output node, the in-place ops that
 * overwrite every element (zero_, fill_, copy_) with their own nodes, and
 * CopySlices (an in-place op on a view) wrapping the op's node. Every
 * name, edge, value and text below is what PyTorch 1.13 gives for the same
 * code (run with /usr/bin/python3).
 */
import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { arange, autograd, noGrad, tensor, zeros, type Node, type Tensor } from '@grad/core';

const names = (node: Node | null): Array<string | undefined> => node!.nextFunctions.map(([n]) => n?.name);
const MULTI = 'This view is the output of a function that returns multiple views.';

describe('split, chunk, unbind: one node, one output per piece', () => {
  it('every piece has the same gradFn; outputNr is its index; one edge to the input', () => {
    const x = arange(8).float().reshape(4, 2).requiresGrad_();
    const y = x.mul(1);
    const parts = y.split(2);
    expect(parts.map((p) => p.gradFn)).toEqual([parts[0]!.gradFn, parts[0]!.gradFn]);
    expect(parts.map((p) => p._outputNr)).toEqual([0, 1]);
    expect(parts[0]!.gradFn!.name).toBe('SplitBackward0');
    expect(names(parts[0]!.gradFn)).toEqual(['MulBackward0']);
    expect(y.split([1, 3])[1]!.gradFn!.name).toBe('SplitWithSizesBackward0');
    expect(y.chunk(3)[0]!.gradFn!.name).toBe('SplitBackward0');
    expect(y.unbind(1)[1]!.gradFn!.name).toBe('UnbindBackward0');
    // An empty dimension: chunk gives `chunks` empty pieces through split_with_sizes.
    expect(zeros(0, 2).requiresGrad_().chunk(3).map((p) => p.gradFn!.name)).toEqual(Array(3).fill('SplitWithSizesBackward0'));
  });

  it('an unused piece gets zeros; node hooks see the missing gradient as null', () => {
    const x = arange(8).float().reshape(4, 2).requiresGrad_();
    const parts = x.mul(1).split(2);
    const seen: Array<Array<number[][] | null>> = [];
    parts[0]!.gradFn!.registerPrehook((go) => void seen.push(go.map((g) => (g ? (g.tolist() as number[][]) : null))));
    parts[1]!.sum().backward();
    expect(seen).toEqual([[null, [[1, 1], [1, 1]]]]);
    expect(x.grad!.tolist()).toEqual([[0, 0], [0, 0], [1, 1], [1, 1]]);
  });

  it('second derivatives go through the cat / stack of the gradients', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const rows = x.mul(x).unbind(0);
    // d/dx Σ rows[1] = [0, 2·x₁, 0]; its derivative along x: diag([0, 2, 0])
    const [g] = autograd.grad([rows[1]!], [x], { createGraph: true });
    expect(g!.tolist()).toEqual([0, 4, 0]);
    g!.sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 2, 0]);
  });

  it('pieces refuse in-place changes, and views of them too', () => {
    const x = arange(8).float().reshape(4, 2).requiresGrad_();
    const y = x.mul(1);
    const parts = y.split(2);
    expect(() => parts[1]!.mul_(2)).toThrow(`Output 1 of SplitBackward0 is a view and is being modified inplace. ${MULTI}`);
    expect(() => parts[0]!.view(-1).mul_(2)).toThrow(`Output 0 of ViewBackward0 is a view and is being modified inplace. ${MULTI}`);
    // A leaf's pieces: this check comes before the leaf's own.
    expect(() => x.split(2)[0]!.mul_(2)).toThrow(`Output 0 of SplitBackward0 is a view and is being modified inplace. ${MULTI}`);
    // Made in grad mode from a tensor that does not require grad, then modified with one that does.
    const free = zeros(4, 2).split(2);
    expect(() => free[0]!.mul_(tensor([1, 2], { requiresGrad: true }))).toThrow(`A view was created in no_grad mode and is being modified inplace with grad mode enabled. ${MULTI}`);
    // Nothing recorded: allowed.
    free[0]!.add_(1);
    noGrad(() => parts[0]!.add_(1));
  });

  it('once the base changed in place, a piece has no history to give', () => {
    const x = arange(8).float().reshape(4, 2).requiresGrad_();
    const y = x.mul(1);
    const parts = y.split(2);
    y.mul_(2);
    const text = `Output 1 of SplitBackward0 is a view and its base or another view of its base has been modified inplace. ${MULTI}`;
    expect(() => parts[1]!.gradFn).toThrow(text);
    expect(() => parts[1]!.sum()).toThrow(text);
    // requiresGrad answers from the base, as PyTorch's does.
    expect(parts[1]!.requiresGrad).toBe(true);
    // In place on the piece itself: the direct text comes first.
    expect(() => parts[1]!.mul_(2)).toThrow(`Output 1 of SplitBackward0 is a view and is being modified inplace. ${MULTI}`);
  });

  it('refuses bad arguments with PyTorch texts', () => {
    const x = zeros(3, 4);
    expect(() => tensor(1).split(1)).toThrow('split expects at least a 1-dimensional tensor');
    expect(() => tensor(1).chunk(1)).toThrow('chunk expects at least a 1-dimensional tensor');
    expect(() => tensor(1).unbind()).toThrow('Dimension specified as 0 but tensor has no dimensions');
    expect(() => x.split(0)).toThrow('split_size can only be 0 if dimension size is 0, but got dimension size of 3');
    expect(() => x.split(-1)).toThrow('split expects split_size be non-negative, but got split_size=-1');
    expect(() => x.split([2, -1, 3], 1)).toThrow('split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[2, -1, 3]');
    expect(() => x.chunk(0)).toThrow('chunk expects `chunks` to be greater than 0, got: 0');
    expect(zeros(0, 2).split(0).length).toBe(1);
  });
});

describe('zero_, fill_, copy_: nodes of their own', () => {
  const y = (): Tensor => tensor([1, 2, 3], { requiresGrad: true }).mul(1);

  it('names and edges as PyTorch 1.13', () => {
    expect(y().zero_().gradFn!.name).toBe('ZeroBackward0');
    expect(y().fill_(2).gradFn!.name).toBe('FillBackward2');
    const v = tensor(2, { requiresGrad: true });
    const f = y().fill_(v).gradFn!;
    expect([f.name, ...names(f)]).toEqual(['FillBackward3', 'MulBackward0', 'AccumulateGrad']);
    const c = y().copy_(tensor([4, 5, 6], { requiresGrad: true })).gradFn!;
    expect([c.name, ...names(c)]).toEqual(['CopyBackwards', 'MulBackward0', 'AccumulateGrad']);
    // Broadcasting happens inside the node: no ExpandBackward0 before src.
    const b = zeros(2, 3).copy_(tensor([4, 5, 6], { requiresGrad: true })).gradFn!;
    expect([b.name, ...names(b)]).toEqual(['CopyBackwards', undefined, 'AccumulateGrad']);
  });

  it('gradients: 0 for the overwritten tensor, Σ g for a fill value, g summed back for a broadcast src', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const v = tensor(2, { requiresGrad: true });
    x.mul(1).fill_(v).mul(tensor([1, 2, 3])).sum().backward();
    expect([x.grad!.tolist(), v.grad!.tolist()]).toEqual([[0, 0, 0], 6]);
    const s = tensor([1, 2, 3], { requiresGrad: true, dtype: 'float64' });
    const t = zeros(2, 3).requiresGrad_().mul(1);
    t.copy_(s).sum().backward();
    expect([s.grad!.tolist(), s.grad!.dtype]).toEqual([[2, 2, 2], 'float64']);
  });

  it('fill_ and zero_ may write through an expand; copy_ may not, nor read memory it partly overwrites', () => {
    const e = zeros(3, 1).expand(3, 4);
    e.fill_(2);
    expect(e.tolist()).toEqual(Array(3).fill([2, 2, 2, 2]));
    e.zero_();
    expect(() => e.copy_(zeros(4))).toThrow('unsupported operation: more than one element of the written-to tensor refers to a single memory location.');
    const a = arange(5).float();
    expect(() => a.narrow(0, 1, 4).copy_(a.narrow(0, 0, 4))).toThrow(
      'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.',
    );
    const b = arange(4).float().reshape(2, 2);
    expect(() => b.copy_(b.t())).toThrow('some elements of the input tensor and the written-to tensor refer to a single memory location');
    b.copy_(b); // the same memory, the same layout: allowed
    expect(() => zeros(2, 3).copy_(zeros(2))).toThrow('The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1');
    expect(() => zeros(2, 3).copy_(zeros(4, 2, 3))).toThrow("output with shape [2, 3] doesn't match the broadcast shape [4, 2, 3]");
  });
});

describe('an in-place op on a view: CopySlices wraps the op', () => {
  it("its edges are the base's old history and the op's other operands", () => {
    const x = arange(6).float().requiresGrad_();
    const y = x.mul(1);
    y.narrow(0, 1, 2).mul_(3);
    expect([y.gradFn!.name, ...names(y.gradFn).filter(Boolean)]).toEqual(['CopySlices', 'MulBackward0']);
    const w = tensor([2, 3], { requiresGrad: true });
    const z = x.mul(1).reshape(2, 3);
    z.narrow(1, 1, 2).mul_(w);
    // z is a view of x·1: it now reads its history from the base's CopySlices.
    expect(z.gradFn!.name).toBe('AsStridedBackward0');
    expect(names(z.gradFn!.nextFunctions[0]![0])).toEqual(['MulBackward0', 'AccumulateGrad']);
    z.mul(arange(6).float().reshape(2, 3)).sum().backward();
    // PyTorch: x.grad = [0, 2, 6, 3, 8, 15], w.grad = [17, 29]
    expect([x.grad!.tolist(), w.grad!.tolist()]).toEqual([[0, 2, 6, 3, 8, 15], [17, 29]]);
  });

  it('works on a base laid out in another order (a flip of a transpose keeps its strides)', () => {
    const x = arange(6).float().requiresGrad_();
    const y = x.reshape(2, 3).t().flip(0);
    expect(y.stride()).toEqual([1, 3]);
    y.narrow(0, 1, 2).mul_(tensor([2, 3]));
    expect([y.gradFn!.name, ...names(y.gradFn)]).toEqual(['CopySlices', 'FlipBackward0', undefined]);
    y.mul(arange(6).float().reshape(3, 2)).sum().backward();
    expect(x.grad!.tolist()).toEqual([8, 4, 0, 15, 9, 1]); // PyTorch's
  });
});
