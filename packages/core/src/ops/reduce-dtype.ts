/**
 * The `dtype` argument of sum, mean and softmax: the input is cast and the
 * op computed in that dtype. As in PyTorch, sum and mean record one node
 * (SumBackward, MeanBackward) whose gradient comes back in the input's
 * dtype, and softmax records the cast (ToCopyBackward0) under its own node.
 */
import type { DType } from '../dtype.js';
import { checkOptions } from '../options.js';
import { normalizeDims } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { fused } from './pointwise-composites.js';
import * as reduce from './reduce.js';

/** `{ dtype }`: the dtype a reduction computes and returns in (PyTorch's `dtype=` argument). */
export interface DtypeOption {
  dtype?: DType;
}

type Dims = number | readonly number[] | null | undefined;

/** The dtype asked for, if it differs from x's (else the plain op runs). */
function wanted(fn: string, x: Tensor, options: DtypeOption | undefined): DType | null {
  if (options === undefined) return null;
  checkOptions(fn, options, ['dtype']);
  return options.dtype === undefined || options.dtype === x.dtype ? null : options.dtype;
}

/** Σ, computed in `options.dtype` when given (torch.sum's dtype). */
export function sum(x: Tensor, dim: Dims, keepdim: boolean, options?: DtypeOption): Tensor {
  const dtype = wanted('sum', x, options);
  if (dtype === null) return reduce.sum(x, dim, keepdim);
  const axes = normalizeDims(dim, x.ndim);
  const inShape = x.shape;
  const name = dim === undefined || dim === null ? 'SumBackward0' : 'SumBackward1';
  return fused(name, [x], [], () => reduce.sum(x.to(dtype), dim, keepdim), (g) => [reduce.unreduce(g, inShape, axes, keepdim).to(x.dtype)]);
}

/** The mean, computed in `options.dtype` when given (torch.mean's dtype; integers need one). */
export function mean(x: Tensor, dim: Dims, keepdim: boolean, options?: DtypeOption): Tensor {
  const dtype = wanted('mean', x, options);
  if (dtype === null) return reduce.mean(x, dim, keepdim);
  const axes = normalizeDims(dim, x.ndim);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const inShape = x.shape;
  const name = dim === undefined || dim === null ? 'MeanBackward0' : 'MeanBackward1';
  return fused(name, [x], [], () => reduce.mean(x.to(dtype), dim, keepdim), (g) => [reduce.unreduce(g.div(count), inShape, axes, keepdim).to(x.dtype)]);
}

/** softmax computed in `options.dtype` when given (torch.softmax's dtype): a cast, then softmax, recorded as the two nodes PyTorch records (ToCopyBackward0 under SoftmaxBackward0). */
export function softmax(x: Tensor, dim: number, options?: DtypeOption): Tensor {
  const dtype = wanted('softmax', x, options);
  return reduce.softmax(dtype === null ? x : x.to(dtype), dim);
}
