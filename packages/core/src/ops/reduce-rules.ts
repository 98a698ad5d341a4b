/**
 * The reduction primitives' rules, typed by the backend's `ReduceOp` kernel
 * tags: a new tag without a rule fails to compile. Each gradient is spread
 * back over the reduced axes with {@link unreduce}.
 *
 * Composite reductions with nodes of their own (mean, var, std, norm,
 * logsumexp, softmax, logSoftmax) are written from these kernels in
 * reduce.ts and record their own node there.
 */
import type { ReduceOp } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import * as compare from './compare.js';
import type { OpRule } from './rule.js';
import { savedTensor } from './rule.js';
import { prodKept, sum, unreduce } from './reduce.js';

/** What a reduction's rule knows of the call. */
export interface ReduceCall {
  readonly inShape: readonly number[];
  /** The reduced axes, sorted. */
  readonly axes: readonly number[];
  readonly keepdim: boolean;
  /**
   * Called without a dim (`x.sum()`, `x.max()`): PyTorch gives these calls
   * other node names (SumBackward0 vs SumBackward1; `x.max()` is
   * MaxBackward1, amax over dims AmaxBackward0).
   */
  readonly whole: boolean;
}

/**
 * max/min: g shared evenly among the elements that reached the extreme
 * (PyTorch's evenly_distribute_backward and amax's backward). `x.max()` of
 * everything writes the shares into zeros (+0 elsewhere); amax/amin multiply
 * by the mask (−0 where g < 0), as PyTorch's two formulas do.
 */
function extremeRule(wholeName: string, dimsName: string): OpRule<ReduceCall> {
  return {
    node: (c) => (c.whole ? wholeName : dimsName),
    needs: [[0, 'out']],
    grads: [
      (g, v, c) => {
        const x = savedTensor(v, 0);
        const hit = compare.eq(x, unreduce(savedTensor(v, 'out'), c.inShape, c.axes, c.keepdim));
        const count = sum(hit.to(g.dtype), c.axes, true);
        const shared = unreduce(g, c.inShape, c.axes, c.keepdim).div(count);
        return c.whole ? shared.where(hit, 0) : shared.mul(hit.to(g.dtype));
      },
    ],
  };
}

export const REDUCE_RULES: { readonly [P in ReduceOp]: OpRule<ReduceCall> } = {
  /** Σ; ∂/∂xᵢ = 1 for every summed element. */
  sum: {
    node: (c) => (c.whole ? 'SumBackward0' : 'SumBackward1'),
    needs: [[]],
    grads: [(g, _v, c) => unreduce(g, c.inShape, c.axes, c.keepdim)],
  },
  /**
   * Π; ∂/∂xᵢ = Π_{j≠i} xⱼ: out/xᵢ where no factor is zero; with one zero,
   * only that element gets the product of the others; with two or more,
   * every derivative is 0. Computed from the nonzero factors, never by
   * dividing by a zero.
   */
  prod: {
    node: (c) => (c.whole ? 'ProdBackward0' : 'ProdBackward1'),
    needs: [[0]],
    grads: [
      (g, v, c) => {
        const x = savedTensor(v, 0);
        const { inShape, axes } = c;
        const isZero = compare.eq(x, 0);
        // PyTorch's prod_backward of everything returns constant zeros (+0, no graph) once two factors are
        // zero; it counts them on the host (nonzero), and so does this rule, for that call only.
        if (c.whole && isZero.sum().item() > 1) return x.newZeros(inShape);
        const nonzero: Tensor = x.where(compare.logicalNot(isZero), 1);
        const zeros = unreduce(sum(isZero.to('int32'), axes, true), inShape, axes, true);
        const others = unreduce(prodKept(nonzero, axes), inShape, axes, true);
        const noZero = others.div(nonzero);
        const oneZero = others.where(isZero, 0);
        const local = noZero.where(compare.eq(zeros, 0), oneZero.where(compare.eq(zeros, 1), 0));
        return unreduce(g, inShape, axes, c.keepdim).mul(local);
      },
    ],
  },
  /** max; ties share the gradient evenly. */
  max: extremeRule('MaxBackward1', 'AmaxBackward0'),
  /** min; ties share the gradient evenly. */
  min: extremeRule('MinBackward1', 'AminBackward0'),
};
