/**
 * Autograd semantics every backend must keep (they exercise the kernels the
 * engine relies on: accumulation, broadcasting reductions, views, in-place
 * writes, device copies). Values are worked out by hand in the comments.
 */
import type { Tensor } from '../tensor/tensor.js';
import { tensor, zeros, ones, arange } from '../tensor/create.js';
import { noGrad } from '../autograd/grad-mode.js';
import { grad } from '../autograd/backward.js';
import { assertAllClose } from './assert-close.js';

export interface SemanticsCase {
  name: string;
  run: () => void;
}

function expectThrow(fn: () => unknown, text: string): void {
  try {
    fn();
  } catch (e) {
    if (!String((e as Error).message).includes(text)) throw new Error(`expected an error containing "${text}" but got: ${(e as Error).message}`);
    return;
  }
  throw new Error(`expected an error containing "${text}" but nothing was thrown`);
}

const leaf = (data: number[] | number[][]): Tensor => tensor(data, { requiresGrad: true });

export const semanticsCases: SemanticsCase[] = [
  {
    name: 'gradients accumulate across backward calls until zeroed',
    run: () => {
      const x = leaf([1, 2]);
      x.mul(3).sum().backward();
      x.mul(3).sum().backward();
      assertAllClose(x.grad!, [6, 6]);
      x.grad!.zero_();
      x.mul(3).sum().backward();
      assertAllClose(x.grad!, [3, 3]);
    },
  },
  {
    name: 'an input used twice gets both contributions: d(x·x)/dx = 2x',
    run: () => {
      const x = leaf([3, -1]);
      x.mul(x).sum().backward();
      assertAllClose(x.grad!, [6, -2]);
    },
  },
  {
    name: 'broadcast gradients are summed back to the input shape',
    run: () => {
      const a = leaf([1, 2, 3]);
      const b = leaf([[1], [2]]);
      // out[i][j] = a[j]·b[i]: ∂/∂a[j] = Σᵢ b[i] = 3, ∂/∂b[i] = Σⱼ a[j] = 6
      a.mul(b).sum().backward();
      assertAllClose(a.grad!, [3, 3, 3]);
      assertAllClose(b.grad!, [[6], [6]]);
    },
  },
  {
    name: 'a second backward without retainGraph throws; with it, gradients double',
    run: () => {
      const x = leaf([2]);
      const y = x.exp().sum();
      y.backward(null, { retainGraph: true });
      y.backward();
      assertAllClose(x.grad!, [2 * Math.exp(2)], { rtol: 1e-5 });
      expectThrow(() => y.backward(), 'Trying to backward through the graph a second time');
    },
  },
  {
    name: 'createGraph gives second derivatives: d²(x³)/dx² = 6x',
    run: () => {
      const x = leaf([2]);
      const [g] = grad(x.pow(3).sum(), x, { createGraph: true });
      assertAllClose(g!, [12]);
      const [g2] = grad(g!.sum(), x);
      assertAllClose(g2!, [12]);
    },
  },
  {
    name: 'views share storage with their base',
    run: () => {
      const x = zeros(2, 3);
      x.narrow(1, 1, 1).fill_(5);
      x.select(0, 1).add_(1);
      assertAllClose(x, [[0, 5, 0], [1, 6, 1]]);
      const t = x.t();
      t.select(0, 0).mul_(0);
      assertAllClose(x, [[0, 5, 0], [0, 6, 1]]);
    },
  },
  {
    name: 'split: one node for all pieces, an unused piece gets zeros, pieces refuse in-place changes',
    run: () => {
      const x = leaf([1, 2, 3, 4, 5]);
      const parts = x.mul(1).split(2); // [1, 2] [3, 4] [5]
      const node = parts[0]!.gradFn!;
      if (node.name !== 'SplitBackward0' || !parts.every((p, i) => p.gradFn === node && p._outputNr === i)) {
        throw new Error('the pieces of split do not share one SplitBackward0 node');
      }
      // loss = Σ piece0² + 3·Σ piece2: ∂/∂x = [2·1, 2·2, 0, 0, 3] (piece 1 is unused: zeros)
      parts[0]!.pow(2).sum().add(parts[2]!.mul(3).sum()).backward();
      assertAllClose(x.grad!, [2, 4, 0, 0, 3]);
      expectThrow(() => parts[1]!.mul_(2), 'Output 1 of SplitBackward0 is a view and is being modified inplace.');
    },
  },
  {
    name: 'unbind: one node for all slices; the gradient stacks them back, zeros for unused ones',
    run: () => {
      const x = leaf([[1, 2], [3, 4]]);
      const cols = x.mul(1).unbind(1); // [1, 3] and [2, 4]
      if (cols[1]!.gradFn !== cols[0]!.gradFn || cols[1]!.gradFn!.name !== 'UnbindBackward0') throw new Error('unbind made more than one node');
      // loss = Σ col1·[1, 2]: ∂/∂x = [[0, 1], [0, 2]]
      cols[1]!.mul(tensor([1, 2])).sum().backward();
      assertAllClose(x.grad!, [[0, 1], [0, 2]]);
    },
  },
  {
    name: 'an in-place change of a saved tensor makes backward throw',
    run: () => {
      const x = leaf([1, 2]);
      const y = x.exp();
      const z = y.sum();
      y.add_(1);
      expectThrow(() => z.backward(), 'modified by an inplace operation');
    },
  },
  {
    name: 'in-place ops on non-leaves are differentiable: y = 2x; y *= x → dy/dx = 4x',
    run: () => {
      const x = leaf([1, 3]);
      const y = x.mul(2);
      y.mul_(x);
      y.sum().backward();
      assertAllClose(x.grad!, [4, 12]);
    },
  },
  {
    name: 'noGrad results are not tracked; detach shares storage',
    run: () => {
      const x = leaf([1, 2]);
      const y = noGrad(() => x.mul(2));
      if (y.requiresGrad || y.gradFn !== null) throw new Error('noGrad result is tracked');
      const d = x.detach();
      noGrad(() => d.add_(1));
      assertAllClose(x, [2, 3]);
    },
  },
  {
    name: 'matmul gradients: d(sum(A·B))/dA = 1·Bᵀ',
    run: () => {
      const a = leaf([[1, 2], [3, 4]]);
      const b = tensor([[5, 6], [7, 8]]);
      a.matmul(b).sum().backward();
      // each row of ∂/∂A is the row sums of B: [5+6, 7+8]
      assertAllClose(a.grad!, [[11, 15], [11, 15]]);
    },
  },
  {
    name: 'reductions over large tensors stay accurate (float32 sum of 10⁵ ones)',
    run: () => {
      assertAllClose(ones(100000).sum(), 100000);
      assertAllClose(arange(1000, { dtype: 'float32' }).mean(), 499.5);
    },
  },
  {
    name: 'mean of a regression residual and its gradient',
    run: () => {
      const w = leaf([[2]]);
      const x = tensor([[1], [2]]);
      const y = tensor([[3], [5]]);
      // loss = mean((xw − y)²) = ((2−3)² + (4−5)²)/2 = 1; ∂/∂w = mean(2(xw − y)·x) = (−2 − 4)/2 = −3
      const loss = x.matmul(w).sub(y).pow(2).mean();
      assertAllClose(loss, 1);
      loss.backward();
      assertAllClose(w.grad!, [[-3]]);
    },
  },
  {
    name: 'values read back exactly (tolist, item, toString)',
    run: () => {
      const x = tensor([[0.5, -1.25]]);
      assertAllClose(x.tolist() as number[][], [[0.5, -1.25]]);
      if (x.sum().item() !== -0.75) throw new Error('item() is wrong');
      if (!String(x).startsWith('tensor([[ 0.5000, -1.2500]]')) throw new Error(`toString gave ${String(x)}`);
    },
  },
];
