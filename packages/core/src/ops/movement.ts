/**
 * Shape ops. Views (reshape when possible, view, squeeze, unsqueeze,
 * transpose, permute, expand, narrow, slice, select, diagonal; split, chunk
 * and unbind in split.ts) change only the layout — shape, strides, offset —
 * and share storage and the version counter with their input (candle's
 * split: core owns layout). flip, repeat, cat and
 * stack copy, as in PyTorch (copies.ts).
 */
import {
  checkInt,
  valueTypeName,
  broadcastStrides,
  contiguousStrides,
  formatShape,
  inferShape,
  normalizeDim,
  numelOf,
  shapesEqual,
  viewStrides,
} from '../shape.js';
import { record } from '../autograd/record.js';
import { isGradEnabled, isInferenceMode } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { commonBackend, runAssign, runContiguous } from '../dispatch/kernels.js';
import { IndexError, RuntimeError, TypeError } from '../errors.js';

/** A tensor over `x`'s storage with another layout. */
export function makeView(x: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const v = new Tensor(x._ref, shape, strides, offset, x.dtype, x._version);
  v._base = x._base ?? x;
  // A view of an output of split/unbind, or of a view made in noGrad, inherits the restriction (PyTorch's propagate_creation_meta).
  v._multiOutputView = x._multiOutputView;
  v._noGradView = x._noGradView || (!isGradEnabled() && !isInferenceMode());
  return v;
}

/** detach() (shares the version counter) and .data (a fresh one): same storage, no graph. */
export function alias(x: Tensor, shareVersion: boolean): Tensor {
  return new Tensor(x._ref, [...x._shape], [...x._strides], x._offset, x.dtype, shareVersion ? x._version : { value: 0 });
}

/**
 * The same elements with another shape: a view when the strides allow it,
 * else a copy. The copy is PyTorch's: a contiguous clone (CloneBackward0)
 * read with the new shape through `_unsafe_view` (UnsafeViewBackward0), a
 * tensor of its own rather than a view of the clone, which nothing else
 * holds.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, x.numel());
  const strides = viewStrides(x.shape, x._strides, target);
  if (strides) return viewWith(x, target, strides);
  const copy = x.contiguous();
  const out = new Tensor(copy._ref, target, contiguousStrides(target), copy._offset, copy.dtype, copy._version);
  const inShape = copy.shape;
  record({ name: 'UnsafeViewBackward0', inputs: [copy], outputs: [out], backward: ([g]) => [g!.reshape(inShape)] });
  return out;
}

/** A view with another shape; throws when the memory layout does not allow it (use reshape). */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, x.numel());
  const strides = viewStrides(x.shape, x._strides, target);
  if (!strides) {
    throw new RuntimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return viewWith(x, target, strides);
}

function viewWith(x: Tensor, shape: number[], strides: number[]): Tensor {
  const out = makeView(x, shape, strides, x._offset);
  const inShape = x.shape;
  record({ name: 'ViewBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!.reshape(inShape)] });
  return out;
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.ndim);
  const e = normalizeDim(endDim, x.ndim);
  if (s > e) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  const shape = [...x.shape.slice(0, s), numelOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.ndim);
  if (!Array.isArray(sizes)) throw new TypeError(`unflatten(): argument 'sizes' must be tuple of ints, not ${valueTypeName(sizes)}`);
  const inner = inferShape(sizes, x.shape[d]!);
  return reshape(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/** Removes size-1 dimensions (all, or those in `dim`). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  if (dim !== undefined && typeof dim !== 'number' && !Array.isArray(dim)) {
    throw new TypeError(`squeeze(): argument 'dim' must be int or tuple of ints, not ${valueTypeName(dim)}`);
  }
  const dims = dim === undefined ? null : (typeof dim === 'number' ? [dim] : [...dim]).map((d) => normalizeDim(d, x.ndim));
  const keep = x.shape.map((d, i) => !(d === 1 && (dims === null || dims.includes(i))));
  const out = makeView(
    x,
    x.shape.filter((_, i) => keep[i]),
    x._strides.filter((_, i) => keep[i]),
    x._offset,
  );
  const inShape = x.shape;
  record({ name: dim === undefined ? 'SqueezeBackward0' : 'SqueezeBackward1', inputs: [x], outputs: [out], backward: ([g]) => [g!.reshape(inShape)] });
  return out;
}

/** Inserts a size-1 dimension at `dim` (which may be ndim, or negative). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1);
  const shape = [...x.shape];
  const strides = [...x._strides];
  const stride = d < x.ndim ? x._strides[d]! * x.shape[d]! : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  const out = makeView(x, shape, strides, x._offset);
  record({ name: 'UnsqueezeBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!.squeeze(d)] });
  return out;
}

/** Swaps two dimensions. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim === 0) return makeView(x, [], [], x._offset);
  const a = normalizeDim(dim0, x.ndim);
  const b = normalizeDim(dim1, x.ndim);
  const shape = [...x.shape];
  const strides = [...x._strides];
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  const out = makeView(x, shape, strides, x._offset);
  record({ name: 'TransposeBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!.transpose(a, b)] });
  return out;
}

/** Transpose of a tensor of at most 2 dimensions (TBackward0). */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  const shape = [...x.shape].reverse();
  const strides = [...x._strides].reverse();
  const out = makeView(x, shape, strides, x._offset);
  record({ name: 'TBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!.t()] });
  return out;
}

/** Reorders dimensions; the gradient is permuted back by the inverse permutation. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new RuntimeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`.replace('(sparse_coo)', ''));
  }
  const order = dims.map((d) => normalizeDim(d, x.ndim));
  if (new Set(order).size !== order.length) throw new RuntimeError('permute(): duplicate dims are not allowed.');
  const out = makeView(
    x,
    order.map((d) => x.shape[d]!),
    order.map((d) => x._strides[d]!),
    x._offset,
  );
  const inverse = new Array<number>(order.length);
  order.forEach((d, i) => (inverse[d] = i));
  record({ name: 'PermuteBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!.permute(inverse)] });
  return out;
}

/**
 * Broadcasts size-1 dimensions (and new leading ones) to `shape` without
 * copying (stride 0). -1 keeps a size. The engine sums the gradient back.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (shape.length < x.ndim) {
    throw new RuntimeError(
      `expand(torch.FloatTensor{${formatShape(x.shape)}}, size=${formatShape(shape)}): the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`,
    );
  }
  shape.forEach((v) => checkInt('expand', 'size', v));
  const lead = shape.length - x.ndim;
  const target = shape.map((d, i) => {
    const own = i >= lead ? x.shape[i - lead]! : undefined;
    // PyTorch says "numel: integer multiplication overflow" here; name the size instead.
    if (d < -1) throw new RuntimeError(`expand(): size ${d} at dimension ${i} is negative (only -1, "keep this dimension", may be); target sizes: ${formatShape(shape)}`);
    if (d === -1) {
      if (own === undefined) throw new RuntimeError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      return own;
    }
    if (own !== undefined && own !== 1 && own !== d) {
      throw new RuntimeError(
        `The expanded size of the tensor (${d}) must match the existing size (${own}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(shape)}.  Tensor sizes: ${formatShape(x.shape)}`,
      );
    }
    return d;
  });
  if (shapesEqual(target, x.shape)) return makeViewRecorded(x, 'ExpandBackward0', target, [...x._strides]);
  return makeViewRecorded(x, 'ExpandBackward0', target, broadcastStrides(x.shape, x._strides, target));
}

function makeViewRecorded(x: Tensor, name: string, shape: number[], strides: number[]): Tensor {
  const out = makeView(x, shape, strides, x._offset);
  // Returning g at the expanded shape: the engine's sum-to-shape undoes the broadcast.
  record({ name, inputs: [x], outputs: [out], backward: ([g]) => [g!] });
  return out;
}

/** The layout of a view of a contiguous tensor of `inShape` (for scattering gradients back into it). */
interface Layout {
  shape: number[];
  strides: number[];
  offset: number;
}

/**
 * A view of x selecting `layout` in x's logical (contiguous) coordinates.
 * Its gradient scatters g back into zeros of x's shape.
 */
function logicalView(x: Tensor, name: string, layout: Layout): Tensor {
  // Map logical coordinates onto x's real strides: logical stride k·cs[d] is k steps along dim d.
  const cs = contiguousStrides(x.shape);
  const toReal = (logicalOffset: number): number => {
    let rem = logicalOffset;
    let real = x._offset;
    for (let d = 0; d < cs.length; d++) {
      const q = Math.floor(rem / cs[d]!);
      rem -= q * cs[d]!;
      real += q * x._strides[d]!;
    }
    return real;
  };
  const realStrides = layout.strides.map((s) => {
    // Each logical stride is a multiple of one contiguous stride (narrow/select/slice/diagonal build them that way).
    let real = 0;
    let rem = s;
    for (let d = 0; d < cs.length; d++) {
      const q = Math.trunc(rem / cs[d]!);
      rem -= q * cs[d]!;
      real += q * x._strides[d]!;
    }
    return real;
  });
  const out = makeView(x, layout.shape, realStrides, toReal(layout.offset));
  const inShape = x.shape;
  record({ name, inputs: [x], outputs: [out], backward: ([g]) => [scatterIntoZeros(g!, inShape, layout)] });
  return out;
}

/** zeros(inShape) with `g` written at `layout`: the gradient of every non-overlapping view. */
export function scatterIntoZeros(g: Tensor, inShape: readonly number[], layout: Layout): Tensor {
  return asStridedScatter(g.newZeros(inShape), g, layout);
}

/**
 * out = base (copied) with `src` written at `layout` (in base's contiguous
 * coordinates). ∂/∂base = g with the region zeroed; ∂/∂src = g at the region.
 */
export function asStridedScatter(base: Tensor, src: Tensor, layout: Layout): Tensor {
  const backend = commonBackend(base, src);
  const dtype = base.dtype;
  const out = runContiguous(base);
  const dst = { storage: out._ref.storage, shape: layout.shape, strides: layout.strides, offset: layout.offset };
  runAssign(backend, dst, src, dtype, (s) =>
    shapesEqual(s.shape, layout.shape) ? s : { ...s, shape: layout.shape, strides: broadcastStrides(s.shape, s.strides, layout.shape) },
  );
  record({
    name: 'AsStridedScatterBackward0',
    inputs: [base, src],
    outputs: [out],
    backward: ([g], _s, needs) => [
      needs[0] ? asStridedScatter(g!, g!.newZeros(layout.shape), layout) : null,
      // At the region's shape; the engine sums it down if src was broadcast.
      needs[1] ? asStrided(g!, layout) : null,
    ],
  });
  return out;
}

/** The elements of x (made contiguous) at `layout`; the gradient scatters back into zeros. */
export function asStrided(x: Tensor, layout: Layout): Tensor {
  const c = x.contiguous();
  const out = makeView(c, layout.shape, layout.strides, c._offset + layout.offset);
  const inShape = x.shape;
  record({ name: 'AsStridedBackward0', inputs: [c], outputs: [out], backward: ([g]) => [scatterIntoZeros(g!, inShape, layout)] });
  return out;
}

/** Elements start … start+length−1 of `dim` (a view; PyTorch names its node SliceBackward0). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  checkInt('narrow', 'start', start);
  checkInt('narrow', 'length', length);
  const d = normalizeDim(dim, x.ndim);
  const size = x.shape[d]!;
  if (start < 0) start += size;
  if (start < 0 || length < 0 || start + length > size) {
    throw new RuntimeError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  }
  const cs = contiguousStrides(x.shape);
  const shape = [...x.shape];
  shape[d] = length;
  return logicalView(x, 'SliceBackward0', { shape, strides: cs, offset: start * cs[d]! });
}

/** Python's x[start:end:step] along `dim` (clamped like Python slices; step > 0). */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  if (x.ndim === 0) throw new IndexError('slice() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim);
  if (start !== undefined && start !== null) checkInt('slice', 'start', start);
  if (end !== undefined && end !== null) checkInt('slice', 'end', end);
  checkInt('slice', 'step', step);
  if (step <= 0) throw new RuntimeError('slice step must be positive');
  const size = x.shape[d]!;
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIndex(start ?? 0);
  const e = Math.max(clampIndex(end ?? size), s);
  const cs = contiguousStrides(x.shape);
  const shape = [...x.shape];
  shape[d] = Math.ceil((e - s) / step);
  const strides = [...cs];
  strides[d] = cs[d]! * step;
  return logicalView(x, 'SliceBackward0', { shape, strides, offset: s * cs[d]! });
}

/** The slice at `index` of `dim`, which is removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  checkInt('select', 'index', index);
  const d = normalizeDim(dim, x.ndim);
  const size = x.shape[d]!;
  if (index < -size || index >= size) {
    throw new IndexError(`select(): index ${index} out of range for tensor of size ${formatShape(x.shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  const cs = contiguousStrides(x.shape);
  return logicalView(x, 'SelectBackward0', {
    shape: x.shape.filter((_, k) => k !== d),
    strides: cs.filter((_, k) => k !== d),
    offset: i * cs[d]!,
  });
}

/** The diagonal of dims (dim1, dim2), shifted by `offset`, as the last dimension. */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  checkInt('diagonal', 'offset', offset);
  const a = normalizeDim(dim1, x.ndim);
  const b = normalizeDim(dim2, x.ndim);
  if (a === b) throw new RuntimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const cs = contiguousStrides(x.shape);
  const len = Math.max(0, offset >= 0 ? Math.min(x.shape[a]!, x.shape[b]! - offset) : Math.min(x.shape[a]! + offset, x.shape[b]!));
  const start = len === 0 ? 0 : offset >= 0 ? offset * cs[b]! : -offset * cs[a]!;
  const keep = x.shape.map((_, i) => i !== a && i !== b);
  return logicalView(x, 'DiagonalBackward0', {
    shape: [...x.shape.filter((_, i) => keep[i]), len],
    strides: [...cs.filter((_, i) => keep[i]), cs[a]! + cs[b]!],
    offset: start,
  });
}

// The shape ops that copy (flip, repeat, cat, stack) live in copies.ts; one namespace for callers.
export { cat, flip, repeat, stack } from './copies.js';
// split, chunk and unbind (one multi-output node) live in split.ts.
export { chunk, split, unbind } from './split.js';
