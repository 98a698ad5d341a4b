/** The chain steps of generator/chains.py, spelled in grad (same names, same maths). */
import { cat, mseLoss, stack, sub, where, type Tensor } from '@grad/core';

export const STEPS: Record<string, (x: Tensor) => Tensor> = {
  neg: (x) => x.neg(),
  exp: (x) => x.exp(),
  log: (x) => x.log(),
  sqrt: (x) => x.sqrt(),
  rsqrt: (x) => x.rsqrt(),
  reciprocal: (x) => x.reciprocal(),
  abs: (x) => x.abs(),
  sin: (x) => x.sin(),
  cos: (x) => x.cos(),
  tanh: (x) => x.tanh(),
  sigmoid: (x) => x.sigmoid(),
  relu: (x) => x.relu(),
  square: (x) => x.square(),
  softplus: (x) => x.softplus(),
  silu: (x) => x.silu(),
  gelu: (x) => x.gelu(),
  leakyRelu: (x) => x.leakyRelu(0.1),
  clamp: (x) => x.clamp(-0.8, 0.9),
  pow3: (x) => x.pow(3),
  pow_half: (x) => x.pow(0.5),
  add_s: (x) => x.add(0.5),
  mul_s: (x) => x.mul(1.5),
  sub_s: (x) => x.sub(0.25),
  div_s: (x) => x.div(2),
  rsub_s: (x) => sub(1, x),
  softmax: (x) => x.softmax(-1),
  logSoftmax: (x) => x.logSoftmax(-1),
  flip: (x) => x.flip(1),
  transpose_twice: (x) => x.t().contiguous().t(),
  reshape_back: (x) => x.reshape(4, 3).reshape(3, 4),
  sum_keep_expand: (x) => x.sum(1, true).expand(3, 4),
  mean_keep_sub: (x) => x.sub(x.mean(0, true)),
  cat_split: (x) => cat(x.split(2, 1), 1),
  stack_unbind: (x) => stack(x.unbind(0), 0),
  narrow_cat: (x) => cat([x.narrow(1, 2, 2), x.narrow(1, 0, 2)], 1),
};

export const LEAF_STEPS: Record<string, (x: Tensor, y: Tensor) => Tensor> = {
  add_leaf: (x, y) => x.add(y),
  sub_leaf: (x, y) => x.sub(y),
  mul_leaf: (x, y) => x.mul(y),
  div_leaf: (x, y) => x.div(y.abs().add(0.5)),
  maximum_leaf: (x, y) => x.maximum(y),
  minimum_leaf: (x, y) => x.minimum(y),
  where_leaf: (x, y) => where(x.gt(0), x, y),
  matmul_leaf: (x, y) => x.matmul(y),
};

export const ENDS: Record<string, (x: Tensor) => Tensor> = {
  sum: (x) => x.sum(),
  mean: (x) => x.mean(),
  norm: (x) => x.norm(),
  logsumexp: (x) => x.logsumexp(1).sum(),
  max: (x) => x.max(),
  var: (x) => x.var(),
  prod_dim: (x) => x.prod(1).sum(),
  mse: (x) => mseLoss(x, x.newZeros([3, 4])),
};

/** Applies the steps to leaves[0], taking the next leaf for each leaf step. */
export function runChain(steps: readonly string[], end: string, leaves: readonly Tensor[]): Tensor {
  let x = leaves[0]!;
  let k = 1;
  for (const s of steps) {
    const leafStep = LEAF_STEPS[s];
    if (leafStep) x = leafStep(x, leaves[k++]!);
    else x = STEPS[s]!(x);
  }
  return ENDS[end]!(x);
}
