/**
 * @grad/core — PyTorch's autograd in TypeScript: tensors, the graph, the
 * backward engine, grad mode, `autograd.*`, and the Backend interface with
 * its registry. Register a backend before creating tensors:
 *
 * ```ts
 * import { registerBackend, tensor } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * registerBackend(cpu());
 * const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
 * const out = x.add(2).pow(2).mul(3).mean(); // tensor(40.5000, grad_fn=<MeanBackward0>)
 * out.backward();
 * console.log(x.grad); // tensor([[3.0000, 4.5000], [6.0000, 7.5000]])
 * ```
 *
 * @packageDocumentation
 */
export { Tensor } from './tensor/tensor.js';
export type { ShapeArgs } from './tensor/tensor.js';
export {
  tensor,
  zeros,
  ones,
  full,
  empty,
  eye,
  arange,
  linspace,
  rand,
  randn,
  randint,
  zerosLike,
  onesLike,
  fullLike,
  emptyLike,
  randLike,
  randnLike,
} from './tensor/create.js';
export type { TensorOptions, NestedArray, ShapeAndOptions } from './tensor/create.js';
export { manualSeed } from './tensor/random.js';
export { checkOptions } from './options.js';
export { RuntimeError, IndexError, ValueError, TypeError } from './errors.js';
export { tidy, keep, dispose } from './tensor/tidy.js';
export { memory } from './tensor/storage-ref.js';

export type { DType, TypedArray } from './dtype.js';
export { isFloatingPoint, promoteTypes, resultType, itemSize, arrayTypeFor } from './dtype.js';
export { broadcastShapes, contiguousStrides, numelOf } from './shape-api.js';
export type { Shape } from './shape.js';

export type {
  Backend,
  Kernels,
  Storage,
  StridedView,
  Operand,
  UnaryOp,
  BinaryOp,
  CompareOp,
  ReduceOp,
  ArgReduceOp,
  MemoryInfo,
} from './backend/backend.js';
export { registerBackend, setBackend, getBackend, listBackends, useBackend } from './backend/registry.js';

export { noGrad, enableGrad, setGradEnabled, isGradEnabled, inferenceMode } from './autograd/grad-mode.js';
export type { NoGrad, EnableGrad } from './autograd/grad-mode.js';
export { autograd } from './autograd/index.js';
export { Function, FunctionCtx } from './autograd/function.js';
export type { FunctionClass } from './autograd/function.js';
export { setDetectAnomaly, detectAnomaly } from './autograd/anomaly.js';
export { Node } from './autograd/node.js';
export type { Edge, GradList, NodeHook, NodePrehook, TensorHook, RemovableHandle, InputMeta } from './autograd/node.js';
export { AccumulateGrad } from './autograd/accumulate-grad.js';
export type { BackwardOptions, GradOptions } from './autograd/backward.js';
export type { GradcheckOptions } from './autograd/gradcheck.js';
export type { FunctionalOptions } from './autograd/functional.js';

export {
  add,
  sub,
  mul,
  div,
  pow,
  maximum,
  minimum,
  where,
  relu,
  square,
  leakyRelu,
  softplus,
  silu,
  gelu,
  clamp,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  all,
  any,
  allclose,
  equal,
  isnan,
  sum,
  mean,
  prod,
  max,
  min,
  amax,
  amin,
  argmax,
  argmin,
  variance,
  variance as var,
  std,
  norm,
  logsumexp,
  softmax,
  logSoftmax,
  matmul,
  mm,
  bmm,
  mv,
  dot,
  outer,
  t,
  reshape,
  view,
  flatten,
  squeeze,
  unsqueeze,
  transpose,
  permute,
  expand,
  expandAs,
  narrow,
  select,
  split,
  chunk,
  unbind,
  indexSelect,
  gather,
  scatterAdd,
  repeat,
  flip,
  diagonal,
  cat,
  stack,
  clone,
  detach,
  atan2,
  fmod,
  remainder,
  lerp,
  logit,
  xlogy,
  nanToNum,
  clampMin,
  clampMax,
  hardtanh,
  relu6,
  elu,
  selu,
  celu,
  mish,
  hardswish,
  logsigmoid,
  softsign,
  softmin,
  glu,
  tril,
  triu,
  roll,
  tile,
  movedim,
  diag,
  trace,
  cumsum,
  cumprod,
  einsum,
  sort,
  argsort,
  topk,
  maskedSelect,
  nonzero,
  indexAdd,
  scatter,
  scatterReduce,
  index,
  indexPut,
} from './ops/functions.js';
export { slice } from './ops/index-spec.js';
export type { Slice, IndexItem, IndexArray, Indices } from './ops/index-spec.js';
export type { ScatterReduce } from './ops/scatter-reduce.js';
export type { DtypeOption } from './ops/reduce-dtype.js';
export type { SortOptions, TopkOptions } from './ops/sorting.js';
export type { GeluOptions, SoftplusOptions } from './ops/activations.js';
export type { ValuesIndices, VarOptions } from './ops/reduce.js';
export type { Arg } from './ops/functions.js';
// generated: unary functions (begin) — from UNARY_RULES by `pnpm --filter @grad/core generate`
export { neg, exp, log, sqrt, rsqrt, abs, sign, sin, cos, atan, tanh, sigmoid, reciprocal, floor, ceil, round, logicalNot, tan, asin, acos, sinh, cosh, erf, erfinv, log2, log10, exp2, log1p, expm1, trunc, frac } from './ops/unary-functions.js';
// generated: unary functions (end)
export {
  mseLoss,
  l1Loss,
  huberLoss,
  nllLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from './ops/loss.js';
export { crossEntropy } from './ops/cross-entropy.js';
export type { Reduction, LossOptions, NllOptions, BceOptions, BceWithLogitsOptions } from './ops/loss.js';
export type { CrossEntropyOptions } from './ops/cross-entropy.js';
