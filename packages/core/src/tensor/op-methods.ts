/**
 * Tensor's op methods (`x.add(y)`, `x.sum(1)`, `x.reshape(2, 3)`, …): each a
 * one-line call of the op's function with the tensor first. They live in
 * this class so tensor.ts keeps to the tensor itself (storage, layout,
 * autograd state); tensor.ts copies them onto `Tensor.prototype` and merges
 * their types into `Tensor`'s, so they are ordinary methods to a caller.
 * The unary primitives' methods come from their rule table instead.
 */
import type { Tensor } from './tensor.js';
import * as unary from '../ops/unary.js';
import * as binary from '../ops/binary.js';
import * as compare from '../ops/compare.js';
import * as reduce from '../ops/reduce.js';
import * as movement from '../ops/movement.js';
import * as indexing from '../ops/indexing.js';
import * as linalg from '../ops/linalg.js';
import * as convert from '../ops/convert.js';
import * as inplace from '../ops/inplace.js';
import * as pointwise from '../ops/pointwise-composites.js';
import * as activations from '../ops/activations.js';
import * as structure from '../ops/structure.js';
import * as scans from '../ops/scans.js';
import * as sorting from '../ops/sorting.js';
import type { DType } from '../dtype.js';
import { tensorArg } from '../ops/arguments.js';
import * as reduceDtype from '../ops/reduce-dtype.js';
import * as indexingExtra from '../ops/indexing-extra.js';
import * as scatterReduceOp from '../ops/scatter-reduce.js';
import * as indexGet from '../ops/index-get.js';
import * as indexPutOp from '../ops/index-put.js';
import type { Indices } from '../ops/index-spec.js';

/** A shape given as an array or as trailing numbers: `reshape(2, 3)` or `reshape([2, 3])`. */
export type ShapeArgs = [readonly number[]] | number[];

/** Accepts `f(2, 3)` and `f([2, 3])`. */
function shapeArg(args: ShapeArgs): number[] {
  const first = args[0];
  return Array.isArray(first) ? [...(first as readonly number[])] : ([...args] as number[]);
}

/** The op methods; `Tensor` has them all (see tensor.ts). Never instantiated. */
export class TensorOps {
  // ---- copies and casts -------------------------------------------------------

  /** A differentiable copy with its own storage, in this tensor's memory layout (torch.clone). */
  clone(this: Tensor): Tensor { return convert.clone(this); }
  /** This tensor if row-major already, else a differentiable contiguous copy. */
  contiguous(this: Tensor): Tensor { return this.isContiguous() ? this : convert.contiguousCopy(this); }
  /** Copies to another device (backend name) or casts to a dtype; differentiable. */
  to(this: Tensor, deviceOrDtype: string): Tensor { return convert.to(this, deviceOrDtype); }
  float(this: Tensor): Tensor { return convert.to(this, 'float32'); }
  double(this: Tensor): Tensor { return convert.to(this, 'float64'); }
  int(this: Tensor): Tensor { return convert.to(this, 'int32'); }
  bool(this: Tensor): Tensor { return convert.to(this, 'bool'); }
  /** A tensor of zeros on this tensor's device, of its dtype unless given. */
  newZeros(this: Tensor, shape: readonly number[], dtype: DType = this.dtype): Tensor { return convert.newFull(this, shape, 0, dtype); }
  newOnes(this: Tensor, shape: readonly number[], dtype: DType = this.dtype): Tensor { return convert.newFull(this, shape, 1, dtype); }
  newFull(this: Tensor, shape: readonly number[], value: number, dtype: DType = this.dtype): Tensor { return convert.newFull(this, shape, value, dtype); }

  // ---- pointwise ops ----------------------------------------------------------

  add(this: Tensor, other: Tensor | number, options?: { alpha?: number }): Tensor { return binary.add(this, other, options); }
  sub(this: Tensor, other: Tensor | number, options?: { alpha?: number }): Tensor { return binary.sub(this, other, options); }
  mul(this: Tensor, other: Tensor | number): Tensor { return binary.mul(this, other); }
  div(this: Tensor, other: Tensor | number, options?: { roundingMode?: 'trunc' | 'floor' }): Tensor { return binary.div(this, other, options); }
  pow(this: Tensor, exponent: Tensor | number): Tensor { return binary.pow(this, exponent); }
  maximum(this: Tensor, other: Tensor | number): Tensor { return binary.maximum(this, other); }
  minimum(this: Tensor, other: Tensor | number): Tensor { return binary.minimum(this, other); }
  /** `condition ? this : other` (torch.Tensor.where). */
  where(this: Tensor, condition: Tensor, other: Tensor | number): Tensor { return binary.where(condition, this, other); }
  relu(this: Tensor): Tensor { return unary.relu(this); }
  square(this: Tensor): Tensor { return binary.pow(this, 2); }
  clamp(this: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor { return binary.clamp(this, min, max); }
  leakyRelu(this: Tensor, negativeSlope = 0.01): Tensor { return activations.leakyRelu(this, negativeSlope); }
  softplus(this: Tensor, options?: activations.SoftplusOptions): Tensor { return activations.softplus(this, options); }
  silu(this: Tensor): Tensor { return activations.silu(this); }
  /** GELU, exact (erf) by default; `{ approximate: 'tanh' }` for the tanh form. */
  gelu(this: Tensor, options?: activations.GeluOptions): Tensor { return activations.gelu(this, options); }
  atan2(this: Tensor, other: Tensor | number): Tensor { return pointwise.atan2(this, other); }
  fmod(this: Tensor, other: Tensor | number): Tensor { return pointwise.fmod(this, other); }
  remainder(this: Tensor, other: Tensor | number): Tensor { return pointwise.remainder(this, other); }
  lerp(this: Tensor, end: Tensor, weight: Tensor | number): Tensor { return pointwise.lerp(this, end, weight); }
  logit(this: Tensor, eps?: number | null): Tensor { return pointwise.logit(this, eps); }
  xlogy(this: Tensor, other: Tensor | number): Tensor { return pointwise.xlogy(this, other); }
  nanToNum(this: Tensor, options?: { nan?: number; posinf?: number; neginf?: number }): Tensor { return pointwise.nanToNum(this, options); }
  clampMin(this: Tensor, min: Tensor | number): Tensor { return pointwise.clampMin(this, min); }
  clampMax(this: Tensor, max: Tensor | number): Tensor { return pointwise.clampMax(this, max); }
  hardtanh(this: Tensor, minVal = -1, maxVal = 1): Tensor { return activations.hardtanh(this, minVal, maxVal); }
  relu6(this: Tensor): Tensor { return activations.relu6(this); }
  elu(this: Tensor, alpha = 1): Tensor { return activations.elu(this, alpha); }
  selu(this: Tensor): Tensor { return activations.selu(this); }
  celu(this: Tensor, alpha = 1): Tensor { return activations.celu(this, alpha); }
  mish(this: Tensor): Tensor { return activations.mish(this); }
  hardswish(this: Tensor): Tensor { return activations.hardswish(this); }
  logsigmoid(this: Tensor): Tensor { return activations.logsigmoid(this); }
  softsign(this: Tensor): Tensor { return activations.softsign(this); }
  softmin(this: Tensor, dim: number): Tensor { return activations.softmin(this, dim); }
  glu(this: Tensor, dim = -1): Tensor { return activations.glu(this, dim); }

  // ---- comparisons (never tracked) ---------------------------------------------

  eq(this: Tensor, other: Tensor | number): Tensor { return compare.eq(this, other); }
  ne(this: Tensor, other: Tensor | number): Tensor { return compare.ne(this, other); }
  lt(this: Tensor, other: Tensor | number): Tensor { return compare.lt(this, other); }
  le(this: Tensor, other: Tensor | number): Tensor { return compare.le(this, other); }
  gt(this: Tensor, other: Tensor | number): Tensor { return compare.gt(this, other); }
  ge(this: Tensor, other: Tensor | number): Tensor { return compare.ge(this, other); }
  isnan(this: Tensor): Tensor { return compare.ne(this, this); }
  all(this: Tensor, dim?: number | readonly number[], keepdim = false): Tensor { return compare.all(this, dim, keepdim); }
  any(this: Tensor, dim?: number | readonly number[], keepdim = false): Tensor { return compare.any(this, dim, keepdim); }
  /** |this − other| ≤ atol + rtol·|other| everywhere (torch.allclose). */
  allclose(this: Tensor, other: Tensor | number, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean { return compare.allclose(this, other, options); }
  /** Same shape and same values (torch.equal). */
  equal(this: Tensor, other: Tensor): boolean { return compare.equal(this, other); }

  // ---- reductions ------------------------------------------------------------------

  /** Σ over all elements or `dim`; `{ dtype }` casts the input first (torch.sum's dtype). */
  sum(this: Tensor, dim?: number | readonly number[] | null, keepdim = false, options?: reduceDtype.DtypeOption): Tensor { return reduceDtype.sum(this, dim, keepdim, options); }
  mean(this: Tensor, dim?: number | readonly number[] | null, keepdim = false, options?: reduceDtype.DtypeOption): Tensor { return reduceDtype.mean(this, dim, keepdim, options); }
  prod(this: Tensor, dim?: number | null, keepdim = false): Tensor { return reduce.prod(this, dim, keepdim); }
  /** The maximum of all elements; with `dim`, `{ values, indices }` along it (as torch.max). */
  max(this: Tensor): Tensor;
  max(this: Tensor, dim: number, keepdim?: boolean): reduce.ValuesIndices;
  max(this: Tensor, dim?: number, keepdim = false): Tensor | reduce.ValuesIndices { return dim === undefined ? reduce.maxAll(this, 'max') : reduce.maxDim(this, 'max', dim, keepdim); }
  min(this: Tensor): Tensor;
  min(this: Tensor, dim: number, keepdim?: boolean): reduce.ValuesIndices;
  min(this: Tensor, dim?: number, keepdim = false): Tensor | reduce.ValuesIndices { return dim === undefined ? reduce.maxAll(this, 'min') : reduce.maxDim(this, 'min', dim, keepdim); }
  amax(this: Tensor, dim?: number | readonly number[], keepdim = false): Tensor { return reduce.amax(this, 'max', dim, keepdim); }
  amin(this: Tensor, dim?: number | readonly number[], keepdim = false): Tensor { return reduce.amax(this, 'min', dim, keepdim); }
  argmax(this: Tensor, dim?: number, keepdim = false): Tensor { return reduce.argExtreme(this, 'argmax', dim, keepdim); }
  argmin(this: Tensor, dim?: number, keepdim = false): Tensor { return reduce.argExtreme(this, 'argmin', dim, keepdim); }
  /** Variance; `correction` 1 (Bessel's, the default) or 0. */
  var(this: Tensor, dim?: number | readonly number[] | null, options?: reduce.VarOptions): Tensor { return reduce.variance(this, dim, options); }
  std(this: Tensor, dim?: number | readonly number[] | null, options?: reduce.VarOptions): Tensor { return reduce.std(this, dim, options); }
  /** The p-norm (default 2) over all elements or `dim`. */
  norm(this: Tensor, p: number = 2, dim?: number | readonly number[] | null, keepdim = false): Tensor { return reduce.norm(this, p, dim, keepdim); }
  logsumexp(this: Tensor, dim: number | readonly number[], keepdim = false): Tensor { return reduce.logsumexp(this, dim, keepdim); }
  softmax(this: Tensor, dim: number, options?: reduceDtype.DtypeOption): Tensor { return reduceDtype.softmax(this, dim, options); }
  logSoftmax(this: Tensor, dim: number): Tensor { return reduce.logSoftmax(this, dim); }

  // ---- linear algebra ----------------------------------------------------------------

  matmul(this: Tensor, other: Tensor): Tensor { return linalg.matmul(this, other); }
  mm(this: Tensor, other: Tensor): Tensor { return linalg.mm(this, other); }
  bmm(this: Tensor, other: Tensor): Tensor { return linalg.bmm(this, other); }
  mv(this: Tensor, other: Tensor): Tensor { return linalg.mv(this, other); }
  dot(this: Tensor, other: Tensor): Tensor { return linalg.dot(this, other); }
  outer(this: Tensor, other: Tensor): Tensor { return linalg.outer(this, other); }
  /** Transpose of a tensor of at most 2 dimensions. */
  t(this: Tensor): Tensor { return movement.t(this); }

  // ---- shape -----------------------------------------------------------------------

  reshape(this: Tensor, ...shape: ShapeArgs): Tensor { return movement.reshape(this, shapeArg(shape)); }
  view(this: Tensor, ...shape: ShapeArgs): Tensor { return movement.view(this, shapeArg(shape)); }
  viewAs(this: Tensor, other: Tensor): Tensor { return movement.view(this, tensorArg('view_as', 'other', 1, other).shape); }
  reshapeAs(this: Tensor, other: Tensor): Tensor { return movement.reshape(this, tensorArg('reshape_as', 'other', 1, other).shape); }
  flatten(this: Tensor, startDim = 0, endDim = -1): Tensor { return movement.flatten(this, startDim, endDim); }
  unflatten(this: Tensor, dim: number, sizes: readonly number[]): Tensor { return movement.unflatten(this, dim, sizes); }
  squeeze(this: Tensor, dim?: number | readonly number[]): Tensor { return movement.squeeze(this, dim); }
  unsqueeze(this: Tensor, dim: number): Tensor { return movement.unsqueeze(this, dim); }
  transpose(this: Tensor, dim0: number, dim1: number): Tensor { return movement.transpose(this, dim0, dim1); }
  swapaxes(this: Tensor, dim0: number, dim1: number): Tensor { return movement.transpose(this, dim0, dim1); }
  permute(this: Tensor, ...dims: ShapeArgs): Tensor { return movement.permute(this, shapeArg(dims)); }
  expand(this: Tensor, ...shape: ShapeArgs): Tensor { return movement.expand(this, shapeArg(shape)); }
  expandAs(this: Tensor, other: Tensor): Tensor { return movement.expand(this, tensorArg('expand_as', 'other', 1, other).shape); }
  broadcastTo(this: Tensor, ...shape: ShapeArgs): Tensor { return movement.expand(this, shapeArg(shape)); }
  narrow(this: Tensor, dim: number, start: number, length: number): Tensor { return movement.narrow(this, dim, start, length); }
  /** Python-style slice along one dimension: `x.slice(0, 1, 3)` is `x[1:3]`. */
  slice(this: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor { return movement.slice(this, dim, start, end, step); }
  select(this: Tensor, dim: number, index: number): Tensor { return movement.select(this, dim, index); }
  unbind(this: Tensor, dim = 0): Tensor[] { return movement.unbind(this, dim); }
  split(this: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] { return movement.split(this, splitSize, dim); }
  chunk(this: Tensor, chunks: number, dim = 0): Tensor[] { return movement.chunk(this, chunks, dim); }
  flip(this: Tensor, ...dims: ShapeArgs): Tensor { return movement.flip(this, shapeArg(dims)); }
  repeat(this: Tensor, ...sizes: ShapeArgs): Tensor { return movement.repeat(this, shapeArg(sizes)); }
  diagonal(this: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor { return movement.diagonal(this, offset, dim1, dim2); }
  indexSelect(this: Tensor, dim: number, index: Tensor): Tensor { return indexing.indexSelect(this, dim, index); }
  gather(this: Tensor, dim: number, index: Tensor): Tensor { return indexing.gather(this, dim, index); }
  scatterAdd(this: Tensor, dim: number, index: Tensor, src: Tensor): Tensor { return indexing.scatterAdd(this, dim, index, src); }
  tril(this: Tensor, diagonal = 0): Tensor { return structure.tril(this, diagonal); }
  triu(this: Tensor, diagonal = 0): Tensor { return structure.triu(this, diagonal); }
  roll(this: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor { return structure.roll(this, shifts, dims); }
  tile(this: Tensor, ...reps: ShapeArgs): Tensor { return structure.tile(this, shapeArg(reps)); }
  movedim(this: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor { return structure.movedim(this, source, destination); }
  diag(this: Tensor, diagonal = 0): Tensor { return structure.diag(this, diagonal); }
  trace(this: Tensor): Tensor { return structure.trace(this); }
  cumsum(this: Tensor, dim: number, options?: { dtype?: DType }): Tensor { return scans.cumsum(this, dim, options); }
  cumprod(this: Tensor, dim: number, options?: { dtype?: DType }): Tensor { return scans.cumprod(this, dim, options); }
  /** Sorted values and their indices along `dim` (default last): `{ values, indices }` (torch.sort). */
  sort(this: Tensor, dim = -1, options?: boolean | sorting.SortOptions): reduce.ValuesIndices { return sorting.sort(this, dim, options); }
  argsort(this: Tensor, dim = -1, options?: boolean | sorting.SortOptions): Tensor { return sorting.argsort(this, dim, options); }
  /** The k largest (or smallest) along `dim` (default last): `{ values, indices }` (torch.topk). */
  topk(this: Tensor, k: number, dim = -1, options?: sorting.TopkOptions): reduce.ValuesIndices { return sorting.topk(this, k, dim, options); }
  maskedSelect(this: Tensor, mask: Tensor): Tensor { return indexingExtra.maskedSelect(this, mask); }
  /** int32 [count, ndim] coordinates of the nonzero elements; `{ asTuple: true }` for one index tensor per dim. */
  nonzero(this: Tensor): Tensor;
  nonzero(this: Tensor, options: { asTuple: true }): Tensor[];
  nonzero(this: Tensor, options?: { asTuple?: boolean }): Tensor | Tensor[];
  nonzero(this: Tensor, options?: { asTuple?: boolean }): Tensor | Tensor[] { return indexingExtra.nonzero(this, options); }
  indexAdd(this: Tensor, dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor { return indexingExtra.indexAdd(this, dim, index, source, options); }
  scatter(this: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor { return indexingExtra.scatter(this, dim, index, src); }
  scatterReduce(this: Tensor, dim: number, index: Tensor, src: Tensor, reduce: scatterReduceOp.ScatterReduce, options?: { includeSelf?: boolean }): Tensor { return scatterReduceOp.scatterReduce(this, dim, index, src, reduce, options); }
  /** `x[indices]`: numbers, slices, null, '...', index tensors and masks (see index()). */
  index(this: Tensor, indices: Indices): Tensor { return indexGet.index(this, indices); }
  /** A copy with `values` written (or added) at `indices` (torch.index_put). */
  indexPut(this: Tensor, indices: Indices, values: Tensor | number | boolean, accumulate = false): Tensor { return indexPutOp.indexPut(this, indices, values, accumulate); }
  maskedFill(this: Tensor, mask: Tensor, value: number): Tensor { return pointwise.maskedFill(this, mask, value); }

  // ---- in place (names end in _) ------------------------------------------------------

  add_<T extends Tensor>(this: T, other: Tensor | number, options?: { alpha?: number }): T { return inplace.inPlace(this, 'add_', [other], (s, [o]) => binary.add(s, o!, options)); }
  sub_<T extends Tensor>(this: T, other: Tensor | number, options?: { alpha?: number }): T { return inplace.inPlace(this, 'sub_', [other], (s, [o]) => binary.sub(s, o!, options)); }
  mul_<T extends Tensor>(this: T, other: Tensor | number): T { return inplace.inPlace(this, 'mul_', [other], (s, [o]) => binary.mul(s, o!)); }
  div_<T extends Tensor>(this: T, other: Tensor | number): T { return inplace.inPlace(this, 'div_', [other], (s, [o]) => binary.div(s, o!)); }
  pow_<T extends Tensor>(this: T, exponent: Tensor | number): T { return inplace.inPlace(this, 'pow_', [exponent], (s, [o]) => binary.pow(s, o!)); }
  neg_<T extends Tensor>(this: T): T { return inplace.inPlace(this, 'neg_', [], (s) => unary.neg(s)); }
  sqrt_<T extends Tensor>(this: T): T { return inplace.inPlace(this, 'sqrt_', [], (s) => unary.sqrt(s)); }
  exp_<T extends Tensor>(this: T): T { return inplace.inPlace(this, 'exp_', [], (s) => unary.exp(s)); }
  relu_<T extends Tensor>(this: T): T { return inplace.inPlace(this, 'relu_', [], (s) => unary.relu(s)); }
  clamp_<T extends Tensor>(this: T, min?: number | Tensor | null, max?: number | Tensor | null): T { return inplace.inPlace(this, 'clamp_', [], (s) => binary.clamp(s, min, max)); }
  zero_<T extends Tensor>(this: T): T { return inplace.zero_(this); }
  fill_<T extends Tensor>(this: T, value: number | Tensor): T { return inplace.fill_(this, value); }
  /** Copies `src` (broadcast to this shape, cast to this dtype, from any device) into this tensor. */
  copy_<T extends Tensor>(this: T, src: Tensor | number): T { return inplace.copy_(this, src); }
  /** `x[indices] = values` (or `+=` per index with `accumulate`), in place (torch.Tensor.index_put_). */
  indexPut_<T extends Tensor>(this: T, indices: Indices, values: Tensor | number | boolean, accumulate = false): T { return indexPutOp.indexPut_(this, indices, values, accumulate); }
  maskedFill_<T extends Tensor>(this: T, mask: Tensor, value: number): T { return inplace.inPlace(this, 'maskedFill_', [tensorArg('masked_fill_', 'mask', 1, mask)], (s, [m]) => pointwise.maskedFill(s, m as Tensor, value)); }
}
