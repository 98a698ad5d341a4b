/**
 * Views: tensors that share another's storage with a different layout
 * (shape, strides, offset), and its version counter. Writing through a view
 * changes the base; in-place ops on either bump the one shared counter; the
 * gradient of every view op puts each element's gradient back where the
 * element came from.
 */
import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { arange, noGrad, tensor, Tensor, zeros } from '@grad/core';

/** A float [r, c] tensor 0 … r·c−1, row by row. */
const grid = (r: number, c: number, requiresGrad = false): Tensor =>
  arange(r * c).float().reshape(r, c).requiresGrad_(requiresGrad);

/** d/dx of Σ view(x)·w, for a weight w of the view's shape: w scattered back to x's layout. */
function gradOfWeighted(x: Tensor, view: (x: Tensor) => Tensor, w: Tensor): Tensor {
  x.grad = null;
  view(x).mul(w).sum().backward();
  return x.grad!;
}

describe('views share storage', () => {
  const cases: Array<[string, (x: Tensor) => Tensor]> = [
    ['reshape', (x) => x.reshape(3, 2)],
    ['view', (x) => x.view(6)],
    ['flatten', (x) => x.flatten()],
    ['transpose', (x) => x.transpose(0, 1)],
    ['t', (x) => x.t()],
    ['permute', (x) => x.permute(1, 0)],
    ['expand', (x) => x.unsqueeze(0).expand(2, 2, 3)],
    ['narrow', (x) => x.narrow(1, 1, 2)],
    ['select', (x) => x.select(0, 1)],
    ['squeeze', (x) => x.unsqueeze(0).squeeze(0)],
    ['unsqueeze', (x) => x.unsqueeze(1)],
    ['slice', (x) => x.slice(1, 0, 3, 2)],
    ['diagonal', (x) => x.diagonal()],
    ['detach', (x) => x.detach()],
    ['split', (x) => x.split(1, 0)[1]!],
    ['chunk', (x) => x.chunk(3, 1)[2]!],
    ['unbind', (x) => x.unbind(1)[0]!],
  ];
  for (const [name, make] of cases) {
    it(`${name}: a change to the base shows through the view, and the version is shared`, () => {
      const x = grid(2, 3);
      const v = make(x);
      const before = v.tolist();
      x.add_(100);
      // Every element the view shows went up by 100: same memory.
      const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flatMap(flat) : [a as number]);
      expect(flat(v.tolist())).toEqual(flat(before).map((e) => e + 100));
      expect(x.version).toBe(1);
      expect(v.version).toBe(1);
    });
  }

  it('the layout of each view: strides and offsets', () => {
    const x = grid(2, 3); // strides [3, 1]
    expect(x.stride()).toEqual([3, 1]);
    expect(x.t().stride()).toEqual([1, 3]);
    expect(x.t().isContiguous()).toBe(false);
    expect(x.narrow(1, 1, 2).storageOffset()).toBe(1);
    expect(x.select(0, 1).storageOffset()).toBe(3);
    expect(x.select(0, 1).stride()).toEqual([1]);
    expect(x.slice(1, 0, 3, 2).stride()).toEqual([3, 2]);
    // the diagonal of [2, 3] steps one row and one column: 3 + 1
    expect(x.diagonal().stride()).toEqual([4]);
    expect(x.diagonal().tolist()).toEqual([0, 4]);
    expect(x.unsqueeze(0).shape).toEqual([1, 2, 3]);
    // x itself is a reshape of arange's result, so a view (as PyTorch's x._is_view()).
    expect(x.isView).toBe(true);
    expect(tensor([[1, 2]]).isView).toBe(false);
    expect(tensor([[1, 2]]).t().isView).toBe(true);
  });

  it('expand has stride 0 on the broadcast dimensions', () => {
    const a = tensor([1, 2, 3]);
    const e = a.expand(4, 3);
    expect(e.shape).toEqual([4, 3]);
    expect(e.stride()).toEqual([0, 1]);
    const col = tensor([[1], [2]]).expand(2, 5);
    expect(col.stride()).toEqual([1, 0]);
    expect(col.tolist()).toEqual([[1, 1, 1, 1, 1], [2, 2, 2, 2, 2]]);
    // -1 keeps a size
    expect(tensor([[1], [2]]).expand(-1, 3).shape).toEqual([2, 3]);
  });

  it('reshape of a non-contiguous tensor copies; view refuses', () => {
    const x = grid(2, 3);
    const r = x.t().reshape(6);
    // the transpose read row by row: [[0,3],[1,4],[2,5]]
    expect(r.tolist()).toEqual([0, 3, 1, 4, 2, 5]);
    x.fill_(-1);
    expect(r.tolist()).toEqual([0, 3, 1, 4, 2, 5]);
    expect(() => x.t().view(6)).toThrow(/view size is not compatible/);
    // reshape of a contiguous tensor does share
    const s = x.reshape(6);
    x.fill_(7);
    expect(s.tolist()).toEqual([7, 7, 7, 7, 7, 7]);
  });

  it('detach shares the version counter, .data does not', () => {
    const x = tensor([1, 2]);
    const d = x.detach();
    const data = x.data;
    d.add_(1);
    expect(x.version).toBe(1);
    expect(data.version).toBe(0);
    expect(data.tolist()).toEqual([2, 3]); // same memory though
  });
});

describe('writing through a view changes the base', () => {
  it('narrow(0, 0, 1).fill_(5) sets the first row', () => {
    const x = grid(2, 3);
    x.narrow(0, 0, 1).fill_(5);
    expect(x.tolist()).toEqual([[5, 5, 5], [3, 4, 5]]);
    expect(x.version).toBe(1);
  });

  it('select(0, 1).mul_(2) doubles the second row', () => {
    const x = grid(2, 3);
    x.select(0, 1).mul_(2);
    expect(x.tolist()).toEqual([[0, 1, 2], [6, 8, 10]]);
  });

  it('through a transpose, a column; through the diagonal, the diagonal', () => {
    const x = grid(3, 3);
    x.t().select(0, 2).zero_(); // column 2 of x
    expect(x.tolist()).toEqual([[0, 1, 0], [3, 4, 0], [6, 7, 0]]);
    x.diagonal().fill_(-1);
    expect(x.tolist()).toEqual([[-1, 1, 0], [3, -1, 0], [6, 7, -1]]);
    x.slice(1, 0, 3, 2).add_(10); // columns 0 and 2
    expect(x.tolist()).toEqual([[9, 1, 10], [13, -1, 10], [16, 7, 9]]);
  });

  it('copy_ into a view, and views of views', () => {
    const x = grid(2, 4);
    x.narrow(1, 1, 2).copy_(tensor([[10, 20], [30, 40]]));
    expect(x.tolist()).toEqual([[0, 10, 20, 3], [4, 30, 40, 7]]);
    x.t().narrow(0, 3, 1).squeeze(0).sub_(tensor([3, 7])); // column 3 minus itself
    expect(x.tolist()).toEqual([[0, 10, 20, 0], [4, 30, 40, 0]]);
    expect(x.version).toBe(2);
  });

  it('version bumps on in-place ops of a view and of the base', () => {
    const x = grid(2, 3);
    const v = x.narrow(0, 1, 1);
    const w = x.t();
    expect([x.version, v.version, w.version]).toEqual([0, 0, 0]);
    v.add_(1);
    expect([x.version, v.version, w.version]).toEqual([1, 1, 1]);
    x.mul_(2);
    expect([x.version, v.version, w.version]).toEqual([2, 2, 2]);
    w.zero_();
    expect([x.version, v.version, w.version]).toEqual([3, 3, 3]);
    // An out-of-place op makes a new tensor with its own counter.
    const y = x.add(1);
    y.add_(1);
    expect([x.version, y.version]).toEqual([3, 1]);
  });
});

describe('gradients through every view op', () => {
  it('t(): ∂/∂x of Σ xᵀ·w is wᵀ', () => {
    const w = tensor([[1, 2], [3, 4], [5, 6]]);
    expect(gradOfWeighted(grid(2, 3, true), (x) => x.t(), w).tolist()).toEqual([[1, 3, 5], [2, 4, 6]]);
    // and d/dx of x.t().sum() is all ones
    const x = grid(2, 3, true);
    x.t().sum().backward();
    expect(x.grad!.tolist()).toEqual([[1, 1, 1], [1, 1, 1]]);
  });

  it('transpose(0, 2) of [1, 2, 3]: the weight transposed back', () => {
    const x = arange(6).float().reshape(1, 2, 3).requiresGrad_();
    // view[k][j][i] = x[i][j][k]; w = arange(6) as [3, 2, 1]
    const w = arange(6).float().reshape(3, 2, 1);
    // grad[0][j][k] = w[k][j][0]: j = 0 → [0, 2, 4]; j = 1 → [1, 3, 5]
    expect(gradOfWeighted(x, (v) => v.transpose(0, 2), w).tolist()).toEqual([[[0, 2, 4], [1, 3, 5]]]);
  });

  it('permute(2, 0, 1) of [1, 2, 3]: the weight permuted by the inverse', () => {
    const x = arange(6).float().reshape(1, 2, 3).requiresGrad_();
    // view[k][i][j] = x[i][j][k]; w = [[[0,1]],[[2,3]],[[4,5]]]; grad[0][j][k] = w[k][0][j]
    const w = arange(6).float().reshape(3, 1, 2);
    expect(gradOfWeighted(x, (v) => v.permute(2, 0, 1), w).tolist()).toEqual([[[0, 2, 4], [1, 3, 5]]]);
  });

  it('reshape / view / flatten: the weight reshaped back', () => {
    const w = tensor([[1, 2], [3, 4], [5, 6]]);
    expect(gradOfWeighted(grid(2, 3, true), (x) => x.reshape(3, 2), w).tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(gradOfWeighted(grid(2, 3, true), (x) => x.view(3, 2), w).tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(gradOfWeighted(grid(2, 3, true), (x) => x.flatten(), tensor([6, 5, 4, 3, 2, 1])).tolist()).toEqual([[6, 5, 4], [3, 2, 1]]);
    // a reshape that has to copy (of a transpose) too: view[n] = xᵀ flattened = x[n % 2][⌊n/2⌋]
    expect(gradOfWeighted(grid(2, 3, true), (x) => x.t().reshape(6), tensor([1, 2, 3, 4, 5, 6])).tolist()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });

  it('expand: the gradient sums over the broadcast dimension', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const w = tensor([[1, 2, 3], [4, 5, 6]]);
    // column sums of w: [5, 7, 9]
    expect(gradOfWeighted(a, (x) => x.expand(2, 3), w).tolist()).toEqual([5, 7, 9]);
    const c = tensor([[1], [2]], { requiresGrad: true });
    // row sums: [6, 15]
    expect(gradOfWeighted(c, (x) => x.expand(2, 3), w).tolist()).toEqual([[6], [15]]);
    const e = tensor([[1], [2]], { requiresGrad: true });
    e.expandAs(w).mul(w).sum().backward();
    expect(e.grad!.tolist()).toEqual([[6], [15]]);
  });

  it('narrow: the weight in the narrowed region, zeros elsewhere', () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    expect(gradOfWeighted(x, (v) => v.narrow(0, 1, 2), tensor([10, 20])).tolist()).toEqual([0, 10, 20, 0]);
    expect(gradOfWeighted(grid(2, 3, true), (v) => v.narrow(1, 2, 1), tensor([[7], [8]])).tolist()).toEqual([
      [0, 0, 7],
      [0, 0, 8],
    ]);
  });

  it('select: the weight in the selected row or column', () => {
    expect(gradOfWeighted(grid(2, 3, true), (v) => v.select(1, 2), tensor([7, 8])).tolist()).toEqual([
      [0, 0, 7],
      [0, 0, 8],
    ]);
    expect(gradOfWeighted(grid(2, 3, true), (v) => v.select(0, -1), tensor([1, 2, 3])).tolist()).toEqual([
      [0, 0, 0],
      [1, 2, 3],
    ]);
  });

  it('slice with a step: x[1:5:2] picks elements 1 and 3', () => {
    const x = tensor([1, 2, 3, 4, 5], { requiresGrad: true });
    expect(gradOfWeighted(x, (v) => v.slice(0, 1, 5, 2), tensor([10, 20])).tolist()).toEqual([0, 10, 0, 20, 0]);
    // a negative start counts from the end: x[-2:] is elements 3 and 4
    expect(gradOfWeighted(x, (v) => v.slice(0, -2), tensor([1, 2])).tolist()).toEqual([0, 0, 0, 1, 2]);
  });

  it('squeeze and unsqueeze', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    expect(gradOfWeighted(x, (v) => v.squeeze(), tensor([1, 2, 3])).tolist()).toEqual([[1, 2, 3]]);
    expect(gradOfWeighted(x, (v) => v.squeeze(0), tensor([4, 5, 6])).tolist()).toEqual([[4, 5, 6]]);
    const y = tensor([1, 2, 3], { requiresGrad: true });
    expect(gradOfWeighted(y, (v) => v.unsqueeze(1), tensor([[1], [2], [3]])).tolist()).toEqual([1, 2, 3]);
    expect(gradOfWeighted(y, (v) => v.unsqueeze(-1).unsqueeze(0), tensor([[[3], [2], [1]]])).tolist()).toEqual([3, 2, 1]);
  });

  it('diagonal: the weight on the (offset) diagonal', () => {
    expect(gradOfWeighted(grid(3, 3, true), (v) => v.diagonal(), tensor([1, 2, 3])).tolist()).toEqual([
      [1, 0, 0],
      [0, 2, 0],
      [0, 0, 3],
    ]);
    // offset 1: elements (0, 1) and (1, 2)
    expect(gradOfWeighted(grid(3, 3, true), (v) => v.diagonal(1), tensor([5, 6])).tolist()).toEqual([
      [0, 5, 0],
      [0, 0, 6],
      [0, 0, 0],
    ]);
    // offset −1: elements (1, 0) and (2, 1)
    expect(gradOfWeighted(grid(3, 3, true), (v) => v.diagonal(-1), tensor([5, 6])).tolist()).toEqual([
      [0, 0, 0],
      [5, 0, 0],
      [0, 6, 0],
    ]);
  });

  it('split / chunk / unbind: each piece’s gradient lands in its own part', () => {
    const x = tensor([1, 2, 3, 4, 5], { requiresGrad: true });
    const [a, b, c] = x.split(2);
    // Σ 1·a + 2·b + 3·c: pieces [0,1], [2,3], [4]
    a!.sum().add(b!.sum().mul(2)).add(c!.sum().mul(3)).backward();
    expect(x.grad!.tolist()).toEqual([1, 1, 2, 2, 3]);
    const y = grid(2, 4, true);
    const [p, q] = y.chunk(2, 1);
    p!.sum().sub(q!.sum()).backward();
    expect(y.grad!.tolist()).toEqual([[1, 1, -1, -1], [1, 1, -1, -1]]);
    const z = grid(2, 2, true);
    const [r0, r1] = z.unbind(0);
    r0!.mul(r1!).sum().backward(); // Σ z[0][j]·z[1][j]: ∂/∂z[0] = z[1], ∂/∂z[1] = z[0]
    expect(z.grad!.tolist()).toEqual([[2, 3], [0, 1]]);
  });

  it('a chain of views: x.t().narrow(0, 1, 1).squeeze(0) is column 1 of x', () => {
    const x = grid(3, 2, true);
    x.t().narrow(0, 1, 1).squeeze(0).mul(tensor([1, 2, 3])).sum().backward();
    expect(x.grad!.tolist()).toEqual([[0, 1], [0, 2], [0, 3]]);
  });

  it('a view used twice: x.t() and x, d/dx of Σ (xᵀxᵀ)… simpler: Σ x·x.t() on a square', () => {
    // f = Σᵢⱼ xᵢⱼ·xⱼᵢ ⇒ ∂f/∂xᵢⱼ = 2xⱼᵢ
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    x.mul(x.t()).sum().backward();
    expect(x.grad!.tolist()).toEqual([[2, 6], [4, 8]]);
  });
});

describe('in-place ops on views of a tensor with history (CopySlices)', () => {
  it('y = x·1; y[0:1] *= 3; Σy ⇒ x.grad = [3, 1, 1]', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(1);
    y.narrow(0, 0, 1).mul_(3);
    expect(y.tolist()).toEqual([3, 2, 3]);
    expect(y.requiresGrad).toBe(true);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 1, 1]);
  });

  it('the gradient through the view itself after its in-place op', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2);
    const v = y.narrow(0, 1, 2);
    v.add_(1); // v = 2x[1:] + 1
    expect(v.tolist()).toEqual([5, 7]);
    v.mul(tensor([10, 100])).sum().backward();
    // ∂/∂x[1] = 2·10, ∂/∂x[2] = 2·100, x[0] not reached
    expect(x.grad!.tolist()).toEqual([0, 20, 200]);
  });

  it('y[1] += y[0] mixes two views of one base', () => {
    // y = 2x, then y[1] = 2x₁ + 2x₀: Σy = 2x₀·2 + 2x₁… per element:
    // ∂/∂x₀ = 2 (from y[0]) + 2 (added into y[1]) = 4; ∂/∂x₁ = 2
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const y = x.mul(2);
    y.select(0, 1).add_(y.select(0, 0));
    expect(y.tolist()).toEqual([[2, 4], [8, 12]]);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([[4, 4], [2, 2]]);
  });

  it('an in-place op with a differentiable operand: y[0] *= w', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor(5, { requiresGrad: true });
    const y = x.mul(1);
    y.select(0, 0).mul_(w); // y = [w·x₀, x₁]
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([5, 1]);
    expect(w.grad!.item()).toBe(1); // ∂(w·x₀)/∂w = x₀ = 1
  });

  it('in place on a view of a tensor some op saved: backward refuses', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp(); // ExpBackward0 saves y
    y.narrow(0, 0, 1).mul_(2);
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation/);
  });

  it('under noGrad a view write is not recorded', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(2);
    noGrad(() => y.narrow(0, 0, 1).fill_(100));
    expect(y.tolist()).toEqual([100, 4, 6]);
    y.sum().backward();
    // The graph still says y = 2x.
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
  });

  it('a view of a view, and a view through a transpose, written in place', () => {
    // y = x·1; y[1:4][1:2] is y[2]: y = [1, 2, 30, 4] ⇒ x.grad = [1, 1, 10, 1]
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const y = x.mul(1);
    y.narrow(0, 1, 3).narrow(0, 1, 1).mul_(10);
    expect(y.tolist()).toEqual([1, 2, 30, 4]);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 1, 10, 1]);
    // yᵀ[0] is column 0 of y
    const a = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const b = a.mul(1);
    b.t().select(0, 0).mul_(10);
    expect(b.tolist()).toEqual([[10, 2], [30, 4]]);
    b.sum().backward();
    expect(a.grad!.tolist()).toEqual([[10, 1], [10, 1]]);
  });

  it('a view made before an in-place op on its base sees the new values', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    const v = y.narrow(0, 0, 1);
    y.mul_(3);
    expect(v.tolist()).toEqual([3]);
    // PyTorch regenerates v.grad_fn from y's new history (its version changed):
    // v = 3·x₀ ⇒ x.grad = [3, 0].
    v.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 0]);
  });

  it('two overlapping views: v1 *= 2 changes what v2 holds and its gradient', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const y = a.mul(1);
    const v1 = y.narrow(0, 0, 2);
    const v2 = y.narrow(0, 1, 2);
    v1.mul_(2); // y = [2a₀, 2a₁, a₂]
    expect(v2.tolist()).toEqual([4, 3]);
    v2.sum().backward();
    expect(a.grad!.tolist()).toEqual([0, 2, 1]);
  });

  it('in place on an expanded tensor is refused (its elements share memory)', () => {
    const x = tensor([1, 2, 3]);
    const e = x.expand(2, 3);
    expect(e.stride()).toEqual([0, 1]);
    expect(() => e.add_(1)).toThrow('unsupported operation: more than one element of the written-to tensor refers to a single memory location.');
    // The clone() the message recommends works:
    const c = e.clone();
    c.add_(1);
    expect(c.tolist()).toEqual([[2, 3, 4], [2, 3, 4]]);
    expect(x.tolist()).toEqual([1, 2, 3]);
  });

  it('a view of a plain leaf, added into with a tensor that requires grad, puts the base in the graph', () => {
    const a = zeros(3);
    const w = tensor([1, 2], { requiresGrad: true });
    a.narrow(0, 0, 2).add_(w);
    expect([a.requiresGrad, a.isLeaf]).toEqual([true, false]);
    expect(a.tolist()).toEqual([1, 2, 0]);
    a.mul(tensor([1, 10, 100])).sum().backward();
    expect(w.grad!.tolist()).toEqual([1, 10]);
  });
});

describe('in-place ops on a non-leaf: gradients by hand', () => {
  it('clamp_: the gradient passes only inside [0, 1]', () => {
    const x = tensor([-1, 0.5, 2], { requiresGrad: true });
    const y = x.mul(1);
    y.clamp_(0, 1);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 1, 0]);
  });

  it('fill_ with a 0-d tensor: d(Σ fill(v))/dv = number of elements', () => {
    const v = tensor(3, { requiresGrad: true });
    const y = zeros(2);
    y.fill_(v);
    y.sum().backward();
    expect(v.grad!.item()).toBe(2);
  });

  it('zero_ cuts the old dependence: y = 0·…, Σ(y + x) ⇒ x.grad = 1', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    y.zero_();
    y.add(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 1]);
  });

  it('div_ by a tensor: ∂(x/d)/∂x = 1/d, ∂/∂d = −x/d²', () => {
    const x = tensor([2, 4], { requiresGrad: true });
    const d = tensor([2, 2], { requiresGrad: true });
    const y = x.mul(1);
    y.div_(d);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([0.5, 0.5]);
    expect(d.grad!.tolist()).toEqual([-0.5, -1]);
  });

  it('a hook registered before an in-place op sees the gradient of the old value', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = x.mul(2);
    const seen: number[] = [];
    y.registerHook((g) => void seen.push(g.item()));
    y.mul_(3); // new y = 3·old y
    y.sum().backward();
    expect(seen).toEqual([3]);
    expect(x.grad!.tolist()).toEqual([6]);
  });

  it('retainGrad follows the tensor to its new value after an in-place op', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = x.mul(2);
    y.retainGrad();
    y.mul_(3);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([6]);
    // PyTorch moves the retain_grad hook to the new grad_fn (update_tensor_hooks_on_new_gradfn):
    // y.grad is ∂Σy/∂y = 1.
    expect(y.grad!.tolist()).toEqual([1]);
  });
});
