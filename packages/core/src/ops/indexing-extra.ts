/**
 * Indexing whose result shape depends on the data (nonzero, where(cond),
 * maskedSelect: the mask is read on the host, as PyTorch synchronises for
 * them too) and scattering into copies (indexAdd, scatter, scatterReduce),
 * all on the gather and scatterAdd kernels. Index tensors are int32
 * (PyTorch's int64 role here).
 */
import { broadcastShapes, formatShape, normalizeDim, numelOf } from '../shape.js';
import { noGrad } from '../autograd/grad-mode.js';
import { checkOptions } from '../options.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { readHost } from '../tensor/host.js';
import { tensorArg } from './arguments.js';
import * as binary from './binary.js';
import * as compare from './compare.js';
import * as indexing from './indexing.js';
import { fused } from './pointwise-composites.js';
import { cat } from './copies.js';
import { IndexError, RuntimeError } from '../errors.js';

export const int32 = (values: number[], shape: readonly number[], like: Tensor): Tensor => tensor(values, { dtype: 'int32', shape: [...shape], device: like.device });

/** Flat row-major positions of the nonzero (true) elements of `x`. */
function nonzeroFlat(x: Tensor): number[] {
  const data = readHost(x);
  const at: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) at.push(i);
  return at;
}

/** The coordinates of each flat position, as [count, ndim] row-major values. */
function coordinates(flat: readonly number[], shape: readonly number[]): number[] {
  const out: number[] = [];
  for (const f of flat) {
    let rest = f;
    const c = new Array<number>(shape.length);
    for (let d = shape.length - 1; d >= 0; d--) {
      c[d] = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
    }
    out.push(...c);
  }
  return out;
}

/**
 * The indices of the nonzero elements, one row per element in row-major
 * order: an int32 [count, ndim] tensor (torch.nonzero); with `asTuple`, one
 * 1-D index tensor per dimension. Never tracked.
 */
export function nonzero(x: Tensor, options: { asTuple?: boolean } = {}): Tensor | Tensor[] {
  tensorArg('nonzero', 'input', 1, x);
  checkOptions('nonzero', options, ['asTuple']);
  const flat = nonzeroFlat(x);
  const coords = coordinates(flat, x.shape);
  if (!options.asTuple) return int32(coords, [flat.length, x.ndim], x);
  // A 0-d input is treated as 1-D, as PyTorch's as_tuple does.
  const rank = Math.max(x.ndim, 1);
  return Array.from({ length: rank }, (_, d) => int32(x.ndim === 0 ? flat.map(() => 0) : flat.map((_, i) => coords[i * x.ndim + d]!), [flat.length], x));
}

/** where(cond) with one argument: nonzero(cond, { asTuple: true }) (torch.where). */
export function whereNonzero(condition: Tensor): Tensor[] {
  return nonzero(tensorArg('where', 'condition', 1, condition), { asTuple: true }) as Tensor[];
}

/**
 * The elements of `x` where `mask` (bool, broadcast with x) is true, as a
 * 1-D tensor in row-major order (torch.masked_select, MaskedSelectBackward0):
 * the gradient goes back to those positions.
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  tensorArg('masked_select', 'input', 1, x);
  tensorArg('masked_select', 'mask', 2, mask);
  if (mask.dtype !== 'bool') throw new RuntimeError(`masked_select: expected BoolTensor for mask`);
  const shape = broadcastShapes(x.shape, mask.shape);
  const xb = x.shape.length === shape.length && x.shape.every((s, i) => s === shape[i]) ? x : x.expand(shape);
  const flat = nonzeroFlat(mask.shape.length === shape.length && mask.shape.every((s, i) => s === shape[i]) ? mask : mask.expand(shape));
  const index = int32(flat, [flat.length], x);
  const inShape = xb.shape;
  return fused('MaskedSelectBackward0', [xb], [index], () => indexing.gather(xb.reshape([-1]), 0, index), (g, [idx]) => [
    indexing.scatterAdd(g.newZeros([numelOf(inShape)]), 0, idx!, g).reshape(inShape),
  ]);
}

/** A 1-D int32 index along `d` as the full-shape index of a gather/scatter over `shape` (a stride-0 view). */
function spread(index: Tensor, d: number, shape: readonly number[]): Tensor {
  const idxShape = shape.map((_, k) => (k === d ? index.numel() : 1));
  return index.reshape(idxShape).expand(shape);
}

/**
 * A copy of `x` with alpha·source's slices added at `index` along `dim`
 * (torch.index_add, IndexAddBackward0): out[…, index[i], …] += α·source[…, i, …].
 * ∂/∂x = g, ∂/∂source = α·g.indexSelect(dim, index).
 */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, options: { alpha?: number } = {}): Tensor {
  tensorArg('index_add', 'input', 1, x);
  tensorArg('index_add', 'index', 3, index);
  tensorArg('index_add', 'source', 4, source);
  checkOptions('indexAdd', options, ['alpha']);
  if (index.dtype !== 'int32') throw new RuntimeError(`index_add_(): Expected dtype int32 for index`);
  if (index.ndim > 1) throw new IndexError('index_add_(): Index is supposed to be a vector');
  const d = normalizeDim(dim, x.ndim);
  const expected = x.shape.map((s, k) => (k === d ? index.numel() : s));
  if (source.ndim !== x.ndim || source.shape.some((s, k) => s !== expected[k])) {
    throw new RuntimeError(`index_add_(): Source/destination tensor must have same slice shapes. Destination slice shape: ${formatShape(x.shape.filter((_, k) => k !== d))} at dimension ${d} and source slice shape: ${formatShape(source.shape.filter((_, k) => k !== d))} at dimension 0.`);
  }
  const alpha = options.alpha ?? 1;
  return fused(
    'IndexAddBackward0',
    [x, source],
    [index],
    () => indexing.scatterAdd(x, d, spread(index, d, source.shape), alpha === 1 ? source : source.mul(alpha)),
    (g, [idx], needs) => [needs[0] ? g : null, needs[1] ? indexing.indexSelect(g, d, idx!).mul(alpha) : null],
  );
}

/** For each element of `index` (row-major), whether it is the last to name its target position, where duplicates overwrite: PyTorch's CPU order. */
function lastWriters(index: Tensor, d: number, shape: readonly number[]): number[] {
  const idx = readHost(index.contiguous());
  const winners = new Map<number, number>();
  const strides = shape.map((_, k) => numelOf(shape.slice(k + 1)));
  const coords = new Array<number>(index.ndim).fill(0);
  for (let i = 0; i < idx.length; i++) {
    let target = 0;
    for (let k = 0; k < index.ndim; k++) {
      const c = k === d ? idx[i]! : coords[k]!;
      if (k === d && (c < 0 || c >= shape[d]!)) throw new RuntimeError(`index ${c} is out of bounds for dimension ${d} with size ${shape[d]}`);
      target += c * strides[k]!;
    }
    winners.set(target, i);
    for (let k = index.ndim - 1; k >= 0; k--) {
      if (++coords[k]! < index.shape[k]!) break;
      coords[k] = 0;
    }
  }
  const flags = new Array<number>(idx.length).fill(0);
  for (const i of winners.values()) flags[i] = 1;
  return flags;
}

/**
 * A copy of `x` with `src` (a tensor, or one number) written at the
 * positions `index` names along `dim` (torch.scatter): out[i][index[i][j]] =
 * src[i][j] for dim 1. Where an index repeats, the last write wins.
 * ScatterBackward0 (tensor src): ∂/∂x = g where not written, ∂/∂src =
 * g.gather(dim, index); ScatterBackward1 (a number).
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  tensorArg('scatter', 'input', 1, x);
  tensorArg('scatter', 'index', 3, index);
  if (index.dtype !== 'int32') throw new RuntimeError('scatter(): Expected dtype int32 for index');
  const d = normalizeDim(dim, x.ndim);
  if (index.ndim !== x.ndim && !(x.ndim === 0 && index.ndim <= 1)) {
    throw new RuntimeError('Index tensor must have the same number of dimensions as self tensor');
  }
  if (src instanceof Tensor && index.shape.some((s, k) => s > (src.shape[k] ?? 1))) {
    throw new RuntimeError(`Expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(x.shape)} apart from dimension ${d} and to be smaller size than src ${formatShape(src.shape)}`);
  }
  const winners = int32(lastWriters(index, d, x.shape), index.shape, x);
  const written = noGrad(() => compare.gt(indexing.scatterAdd(x.newZeros(x.shape, 'int32'), d, index, winners), 0));
  const values = src instanceof Tensor ? src : x.newFull(index.shape, src);
  if (src instanceof Tensor) {
    return fused(
      'ScatterBackward0',
      [x, src],
      [written, index],
      () => binary.where(written, indexing.scatterAdd(x.newZeros(x.shape), d, index, onlyWinners(leading(values, index.shape), winners)), x),
      (g, [w, idx], needs) => [needs[0] ? binary.where(w!, 0, g) : null, needs[1] ? padTo(indexing.gather(g, d, idx!), src.shape) : null],
    );
  }
  return fused(
    'ScatterBackward1',
    [x],
    [written],
    () => binary.where(written, indexing.scatterAdd(x.newZeros(x.shape), d, index, onlyWinners(values, winners)), x),
    (g, [w]) => [binary.where(w!, 0, g)],
  );
}

/**
 * The values of the writes that win (the last write to each position), 0
 * for the others: a select, not a product by the 0/1 flags, so a losing
 * write of ±Inf or NaN cannot turn the sum into NaN (∞·0).
 */
function onlyWinners(values: Tensor, winners: Tensor): Tensor {
  return binary.where(compare.ne(winners, 0), values, 0);
}

/** The leading `shape` part of `t` along every dimension (scatter reads only that much of src). */
export function leading(t: Tensor, shape: readonly number[]): Tensor {
  let out = t;
  shape.forEach((s, k) => {
    if (out.shape[k]! > s) out = out.narrow(k, 0, s);
  });
  return out;
}

/** `g` (index's shape) placed at the start of zeros of `shape` (the gradient of reading src's leading part). */
export function padTo(g: Tensor, shape: readonly number[]): Tensor {
  let out = g;
  shape.forEach((s, k) => {
    const have = out.shape[k]!;
    if (have < s) {
      const pad = [...out.shape];
      pad[k] = s - have;
      out = cat([out, out.newZeros(pad)], k);
    }
  });
  return out;
}
