/**
 * `x.indexPut_(indices, values)`: Python's `x[indices] = values` (and
 * PyTorch's `index_put_`, with `accumulate`), and its out-of-place form.
 * The index spellings are index()'s. As PyTorch's setitem: the basic items
 * make a view of x, and the values are written into it — with copy_/fill_
 * when no index tensor is left, else as one IndexPutBackward0, which on a
 * view becomes the base's CopySlices (inplace.ts).
 */
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { operandArg, tensorArg } from './arguments.js';
import * as inplace from './inplace.js';
import { applyBasic, parseIndices, type Indices } from './index-spec.js';
import { given, indexPutWithPlan, makePlan } from './advanced-index.js';
import { TypeError } from '../errors.js';

/** A number as a 0-d tensor of x's dtype (PyTorch's valueToTensor: 2.5 into an integer tensor is 2, nonzero into bool true). */
function valueTensor(value: Tensor | number, x: Tensor): Tensor {
  if (typeof value !== 'number') return value;
  return tensor(x.dtype === 'bool' ? Number(value !== 0) : value, { dtype: x.dtype, device: x.device });
}

/** `v` without its leading size-1 dims, as setitem views the value (slicePrefix1sSize): a [1, 1, 4] value fits a [2, 4] result. */
function dropLeadingOnes(v: Tensor): Tensor {
  let k = 0;
  while (k < v.ndim && v.shape[k] === 1) k++;
  return k === 0 ? v : v.view(v.shape.slice(k));
}

/** PyTorch's copy_to: `dst.copy_(v)`, or `fill_` for a 0-d value, else v without leading ones expanded to dst. */
function assignBasic(dst: Tensor, value: Tensor | number, accumulate: boolean): void {
  if (accumulate) {
    dst.add_(typeof value === 'number' ? value : dropLeadingOnes(value));
    return;
  }
  if (typeof value === 'number') dst.fill_(value);
  else if (shapesEqual(value.shape, dst.shape)) dst.copy_(value);
  else if (value.ndim === 0) dst.fill_(value);
  else dst.copy_(dropLeadingOnes(value).expand([...dst.shape]));
}

function checkArgs(fn: string, x: Tensor, values: Tensor | number | boolean, accumulate: unknown): Tensor | number {
  tensorArg(fn, 'input', 1, x);
  operandArg(fn, 'values', 2, values);
  if (typeof accumulate !== 'boolean') throw new TypeError(`${fn}(): argument 'accumulate' (position 3) must be bool, not ${typeof accumulate}`);
  return typeof values === 'boolean' ? Number(values) : values;
}

/**
 * Writes `values` into `self` at `indices` (index()'s spellings), in
 * place: `x.indexPut_([mask], 0)` is Python's `x[mask] = 0`. `values`
 * broadcasts to what `self.index(indices)` would return (leading size-1
 * dims dropped first, as setitem does) and must have self's dtype when
 * index tensors are used (a number or boolean is converted). Where an index repeats,
 * the last write wins, or with `accumulate` every value is added
 * (PyTorch's index_put_). Refused on a leaf that requires grad, as every
 * in-place op; bumps the version counter.
 *
 * ```ts
 * const x = zeros(3, 4);
 * x.indexPut_([tensor([0, 0, 2], { dtype: 'int32' }), slice(1, 3)], 1, true); // x[[0, 0, 2], 1:3] += 1 per index
 * x.indexPut_(x.gt(1), -1);                                                    // x[x > 1] = -1
 * ```
 */
export function indexPut_<T extends Tensor>(self: T, indices: Indices, values: Tensor | number | boolean, accumulate = false): T {
  const value = checkArgs('index_put_', self, values, accumulate);
  const { items } = parseIndices(self, indices);
  // setitem applies the basic items with PyTorch's multi-item rules, even for a single slice.
  const { sliced, advanced } = applyBasic(self, items, false);
  if (!advanced.some((t) => t !== undefined)) {
    assignBasic(sliced, value, accumulate);
    return self;
  }
  const v = valueTensor(value, self);
  inplace.inPlace(sliced, 'index_put_', [v], (s, [w]) => indexPutWithPlan(s, makePlan(s, advanced), dropLeadingOnes(w as Tensor), accumulate, given(advanced)));
  return self;
}

/**
 * indexPut_ out of place: a copy of `x` with `values` written (or added)
 * at `indices` (torch.index_put). With index tensors only, one
 * IndexPutBackward0 on x; with basic items too, the copy is x.clone()
 * written in place (CopySlices over CloneBackward0).
 */
export function indexPut(x: Tensor, indices: Indices, values: Tensor | number | boolean, accumulate = false): Tensor {
  const value = checkArgs('index_put', x, values, accumulate);
  const { items } = parseIndices(x, indices);
  if (items.length > 0 && items.every((it) => it.kind === 'tensor')) {
    const { advanced } = applyBasic(x, items, false);
    return indexPutWithPlan(x, makePlan(x, advanced), dropLeadingOnes(valueTensor(value, x)), accumulate, given(advanced));
  }
  return indexPut_(x.clone(), indices, value, accumulate);
}
