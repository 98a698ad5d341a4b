/**
 * The shape ops that copy, as in PyTorch: flip, repeat, cat and stack. Each
 * gradient undoes the copy: flip flips back, repeat sums the tiles, cat and
 * stack hand each input its slice.
 */
import { resultType, type DType } from '../dtype.js';
import { broadcastStrides, checkInt, contiguousStrides, formatShape, normalizeDim, numelOf, preservedStrides, shapesEqual } from '../shape.js';
import { record } from '../autograd/record.js';
import { Tensor } from '../tensor/tensor.js';
import { commonBackend, fullStorage, runAssign, runContiguous, runCopyInLayout, wrap } from '../dispatch/kernels.js';
import { makeView } from './movement.js';
import { tensorListArg } from './arguments.js';
import { RuntimeError } from '../errors.js';

/**
 * Reverses the order along `dims`: a copy that keeps x's memory layout, as
 * PyTorch allocates it with empty_like(x, preserve) — x's strides when x is
 * dense, else dense strides in x's order of dimensions (so flipping a
 * transposed tensor gives a transposed result, and transposing it back is
 * contiguous with no copy). The gradient flips back.
 */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const axes = dims.map((d) => normalizeDim(d, x.ndim));
  axes.forEach((a, i) => {
    if (axes.indexOf(a) !== i) throw new RuntimeError(`dim ${a} appears multiple times in the list of dims`);
  });
  // The flipped source: each flipped axis starts at its last element and steps backwards.
  let offset = x._offset;
  const strides = [...x._strides];
  // A 0-d tensor accepts dim 0 or −1 and has nothing to reverse.
  for (const a of axes.filter((a) => a < x.ndim)) {
    offset += (x.shape[a]! - 1) * strides[a]!;
    strides[a] = -strides[a]!;
  }
  const out = runCopyInLayout(x, { storage: x._ref.storage, shape: x.shape, strides, offset }, preservedStrides(x.shape, x._strides));
  record({ name: 'FlipBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!.flip(axes)] });
  return out;
}

/** Tiles the tensor `sizes[i]` times along each dimension (a copy). The gradient sums the tiles. */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  sizes.forEach((v) => checkInt('repeat', 'repeats', v));
  if (sizes.some((v) => v < 0)) throw new RuntimeError(`Trying to create tensor with negative dimension: ${formatShape(sizes)}`);
  if (sizes.length < x.ndim) {
    throw new RuntimeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const lead = sizes.length - x.ndim;
  const src = [...new Array<number>(lead).fill(1), ...x.shape];
  // View x as [1, s0, 1, s1, …], broadcast to [r0, s0, r1, s1, …], then materialise.
  const interleaved: number[] = [];
  const expanded: number[] = [];
  src.forEach((s, i) => {
    interleaved.push(1, s);
    expanded.push(sizes[i]!, s);
  });
  const base = x.reshape(src);
  const inter = makeView(base, interleaved, broadcastStrides(src, base._strides, src).flatMap((st) => [0, st]), base._offset);
  const tiled = makeView(inter, expanded, broadcastStrides(interleaved, inter._strides, expanded), inter._offset);
  const outShape = src.map((s, i) => s * sizes[i]!);
  const out = runContiguous(tiled, tiled._view, outShape);
  const inShape = x.shape;
  const tileAxes = sizes.map((_, i) => 2 * i);
  record({
    name: 'RepeatBackward0',
    inputs: [x],
    outputs: [out],
    backward: ([g]) => [g!.reshape(expanded).sum(tileAxes).reshape(inShape)],
  });
  return out;
}

function catImpl(tensors: readonly Tensor[], dim: number, stacking: boolean): Tensor {
  tensorListArg(stacking ? 'stack' : 'cat', 'tensors', tensors);
  if (tensors.length === 0) {
    throw new RuntimeError(stacking ? 'stack expects a non-empty TensorList' : 'torch.cat(): expected a non-empty list of Tensors');
  }
  const backend = commonBackend(...tensors);
  const parts: readonly Tensor[] = stacking ? tensors.map((t0) => rawUnsqueeze(t0, normalizeDim(dim, t0.ndim + 1))) : tensors;
  if (stacking) {
    const first = tensors[0]!.shape;
    tensors.forEach((t0, i) => {
      if (!shapesEqual(t0.shape, first)) {
        throw new RuntimeError(`stack expects each tensor to be equal size, but got ${formatShape(first)} at entry 0 and ${formatShape(t0.shape)} at entry ${i}`);
      }
    });
  }
  // Legacy rule kept by PyTorch: 1-D empty tensors are skipped.
  const used = parts.map((p) => !(p.ndim === 1 && p.shape[0] === 0));
  const ref = parts.find((_, i) => used[i]) ?? parts[0]!;
  const d = normalizeDim(dim, ref.ndim);
  let dtype: DType = parts[0]!.dtype;
  for (const p of parts) dtype = resultType({ dtype, ndim: 1 }, { dtype: p.dtype, ndim: 1 });
  const outShape = [...ref.shape];
  outShape[d] = 0;
  parts.forEach((p, i) => {
    if (!used[i]) return;
    if (p.ndim !== ref.ndim) {
      throw new RuntimeError(`Tensors must have same number of dimensions: got ${ref.ndim} and ${p.ndim}`);
    }
    p.shape.forEach((s: number, k: number) => {
      if (k !== d && s !== ref.shape[k]) {
        throw new RuntimeError(`Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${s} for tensor number ${i} in the list.`);
      }
    });
    outShape[d]! += p.shape[d]!;
  });
  const storage = fullStorage(backend, numelOf(outShape), 0, dtype);
  const cs = contiguousStrides(outShape);
  const offsets: number[] = [];
  let at = 0;
  parts.forEach((p, i) => {
    offsets.push(at);
    if (!used[i] || p.numel() === 0) return;
    runAssign(backend, { storage, shape: p.shape, strides: cs, offset: at * cs[d]! }, p, dtype);
    at += p.shape[d]!;
  });
  const out = wrap(backend, storage, outShape, dtype);
  const sizes = parts.map((p, i) => (used[i] ? p.shape[d]! : 0));
  record({
    name: stacking ? 'StackBackward0' : 'CatBackward0',
    inputs: tensors,
    outputs: [out],
    backward: ([g], _s, needs) =>
      tensors.map((t0, i) => {
        if (!needs[i]) return null;
        if (!used[i]) return t0.newZeros(t0.shape);
        const piece = g!.narrow(d, offsets[i]!, sizes[i]!);
        return stacking ? piece.squeeze(d) : piece;
      }),
  });
  return out;
}

function rawUnsqueeze(x: Tensor, d: number): Tensor {
  const shape = [...x.shape];
  const strides = [...x._strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x._strides[d]! * x.shape[d]! : 1);
  return makeView(x, shape, strides, x._offset);
}

/**
 * Joins tensors along an existing dimension.
 *
 * ```ts
 * cat([zeros(2, 3), ones(1, 3)], 0).shape; // [3, 3]
 * ```
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  return catImpl(tensors, dim, false);
}

/** Joins same-shaped tensors along a new dimension. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  return catImpl(tensors, dim, true);
}
