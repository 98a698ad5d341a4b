/**
 * Sorting: sort, argsort and topk along a dimension. The backend's one
 * argsort kernel orders each last-axis row stably (NaN as the largest
 * value); core moves the dimension last as a view, gathers the values by
 * the indices, and records PyTorch's node. The gradient puts each output
 * gradient back where its value came from: zeros with g scattered by the
 * indices (SortBackward0, TopkBackward0).
 */
import { normalizeDim } from '../shape.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';
import { runArgsort } from '../dispatch/kernels.js';
import { tensorArg } from './arguments.js';
import * as indexing from './indexing.js';
import * as movement from './movement.js';
import { fused } from './pointwise-composites.js';
import { valuesIndices, type ValuesIndices } from './reduce.js';
import { RuntimeError } from '../errors.js';
import { checkOptions } from '../options.js';

/** int32 indices sorting `x` along axis `d`, stably. */
function sortIndices(x: Tensor, d: number, descending: boolean): Tensor {
  return noGrad(() => {
    const last = x.ndim - 1;
    if (d === last) return runArgsort(x, descending);
    const idx = runArgsort(movement.transpose(x, d, last), descending);
    return movement.transpose(idx, d, last).contiguous();
  });
}

/** Values gathered by `indices` along `d`, recorded as `name` with the scatter gradient. */
function gathered(name: string, x: Tensor, d: number, indices: Tensor): Tensor {
  const inShape = x.shape;
  return fused(name, [x], [indices], () => indexing.gather(x, d, indices), (g, [idx]) => [indexing.scatterAdd(g.newZeros(inShape), d, idx!, g)]);
}

export interface SortOptions {
  /** Largest first (default false). */
  descending?: boolean;
  /** Keep equal elements in their order; always true here (the kernels are stable), accepted for PyTorch's signature. */
  stable?: boolean;
}

/**
 * The elements along `dim` (default the last) in ascending order, or
 * descending with `descending: true`, and the int32 indices they came from
 * (torch.sort; `{ values, indices }`, also destructured as a pair). Equal
 * elements keep their order; NaN sorts as the largest value.
 */
export function sort(x: Tensor, dim = -1, options: boolean | SortOptions = {}): ValuesIndices {
  tensorArg('sort', 'input', 1, x);
  const opts = typeof options === 'boolean' ? { descending: options } : options;
  checkOptions('sort', opts, ['descending', 'stable']);
  if (x.ndim === 0) {
    normalizeDim(dim, 0);
    return valuesIndices(gathered('SortBackward0', x.reshape([1]), 0, x.newZeros([1], 'int32')).reshape([]), x.newZeros([], 'int32'));
  }
  const d = normalizeDim(dim, x.ndim);
  const indices = sortIndices(x, d, opts.descending ?? false);
  return valuesIndices(gathered('SortBackward0', x, d, indices), indices);
}

/** The int32 indices that sort `x` along `dim` (torch.argsort); never tracked. */
export function argsort(x: Tensor, dim = -1, options: boolean | SortOptions = {}): Tensor {
  tensorArg('argsort', 'input', 1, x);
  const opts = typeof options === 'boolean' ? { descending: options } : options;
  checkOptions('argsort', opts, ['descending', 'stable']);
  if (x.ndim === 0) {
    normalizeDim(dim, 0);
    return x.newZeros([], 'int32');
  }
  return sortIndices(x, normalizeDim(dim, x.ndim), opts.descending ?? false);
}

export interface TopkOptions {
  /** The k largest (default true) or smallest. */
  largest?: boolean;
  /** Return them in order (default true; they always are here). */
  sorted?: boolean;
}

/**
 * The `k` largest (or smallest) elements along `dim` (default the last) and
 * their int32 indices, in order (torch.topk, TopkBackward0).
 */
export function topk(x: Tensor, k: number, dim = -1, options: TopkOptions = {}): ValuesIndices {
  tensorArg('topk', 'input', 1, x);
  checkOptions('topk', options, ['largest', 'sorted']);
  const d = x.ndim === 0 ? normalizeDim(dim, 0) : normalizeDim(dim, x.ndim);
  const size = x.ndim === 0 ? 1 : x.shape[d]!;
  if (!Number.isInteger(k) || k < 0 || k > size) throw new RuntimeError('selected index k out of range');
  const src = x.ndim === 0 ? x.reshape([1]) : x;
  const axis = x.ndim === 0 ? 0 : d;
  const indices = noGrad(() => movement.narrow(sortIndices(src, axis, options.largest ?? true), axis, 0, k).contiguous());
  const values = gathered('TopkBackward0', src, axis, indices);
  if (x.ndim === 0) return valuesIndices(values.reshape([]), noGrad(() => indices.reshape([])));
  return valuesIndices(values, indices);
}
