/**
 * split, chunk and unbind: several views of one input made by ONE node, as
 * in PyTorch. Every piece has the same gradFn (SplitBackward0,
 * SplitWithSizesBackward0 or UnbindBackward0), piece i being its output i,
 * and the node has one edge, to the input.
 *
 * Backward. The pieces tile the input along `dim` without overlap, so the
 * input's gradient is the pieces' gradients put back side by side: cat along
 * `dim` (split) or stack along `dim` (unbind, whose pieces lost that
 * dimension). A piece no gradient reached contributes zeros: the engine hands
 * the rule zeros of that piece's shape (PyTorch's split_backward and
 * unbind_backward fill undefined gradients with zeros the same way).
 *
 * The pieces may not be modified in place, nor used once their memory
 * changed through the base or another view (autograd/view-checks.ts): one
 * node's outputs cannot each take a new history.
 */
import { isFloatingPoint } from '../dtype.js';
import { checkInt, formatShape, normalizeDim, valueTypeName } from '../shape.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { cat, stack } from './copies.js';
import { makeView } from './movement.js';
import { IndexError, RuntimeError, TypeError } from '../errors.js';

/**
 * The pieces as views of x, recorded as one node `name` whose rule joins
 * their gradients with `join`. Views made in grad mode are marked
 * multi-output (even when x does not require grad, as PyTorch's creation
 * meta), so an in-place change that would be recorded is refused.
 */
function multiView(x: Tensor, name: string, pieces: Tensor[], join: (grads: Tensor[]) => Tensor): Tensor[] {
  if (isGradEnabled() && isFloatingPoint(x.dtype)) for (const p of pieces) p._multiOutputView = true;
  if (pieces.length) record({ name, inputs: [x], outputs: pieces, backward: (grads) => [join(grads)] });
  return pieces;
}

function checkAtLeast1d(x: Tensor, fn: string): void {
  if (x.ndim === 0) throw new RuntimeError(`${fn} expects at least a 1-dimensional tensor`);
}

/** The views of `x` of lengths `sizes` along `d`, one after the other (narrow without a node each). */
function pieces(x: Tensor, d: number, sizes: readonly number[]): Tensor[] {
  let start = 0;
  return sizes.map((len) => {
    const shape = [...x.shape];
    shape[d] = len;
    const piece = makeView(x, shape, [...x._strides], x._offset + start * x._strides[d]!);
    start += len;
    return piece;
  });
}

/**
 * Pieces of `splitSize` along `dim` (the last may be smaller; SplitBackward0),
 * or of the listed sizes (SplitWithSizesBackward0).
 */
export function split(x: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  if (typeof splitSize !== 'number' && !Array.isArray(splitSize)) {
    throw new TypeError(`split(): argument 'split_size' must be int or tuple of ints, not ${valueTypeName(splitSize)}`);
  }
  if (typeof splitSize !== 'number') return splitWithSizes(x, splitSize, dim);
  checkAtLeast1d(x, 'split');
  checkInt('split', 'split_size', splitSize);
  const d = normalizeDim(dim, x.ndim);
  const size = x.shape[d]!;
  if (splitSize < 0) throw new RuntimeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
  if (splitSize === 0 && size !== 0) throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
  // PyTorch: max(ceil(size / splitSize), 1) pieces, so an empty dimension still gives one (empty) piece.
  const sizes: number[] = [];
  for (let s = 0; s < size; s += splitSize) sizes.push(Math.min(splitSize, size - s));
  if (size === 0) sizes.push(0);
  return multiView(x, 'SplitBackward0', pieces(x, d, sizes), (g) => cat(g, d));
}

function splitWithSizes(x: Tensor, splitSizes: readonly number[], dim: number): Tensor[] {
  splitSizes.forEach((v) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new TypeError(`split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not ${valueTypeName(splitSizes)}`);
    }
  });
  checkAtLeast1d(x, 'split');
  const d = normalizeDim(dim, x.ndim);
  const size = x.shape[d]!;
  if (splitSizes.some((v) => v < 0)) {
    throw new RuntimeError(`split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${formatShape(splitSizes)}`);
  }
  const total = splitSizes.reduce((a, b) => a + b, 0);
  if (total !== size) {
    throw new RuntimeError(`split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${formatShape(splitSizes)}`);
  }
  return multiView(x, 'SplitWithSizesBackward0', pieces(x, d, splitSizes), (g) => cat(g, d));
}

/**
 * `chunks` pieces of ceil(size / chunks) along `dim` (fewer when they cover
 * the dimension sooner). An empty dimension gives `chunks` empty pieces
 * (split_with_sizes, as PyTorch).
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  checkInt('chunk', 'chunks', chunks);
  checkAtLeast1d(x, 'chunk');
  if (!(chunks > 0)) throw new RuntimeError('chunk expects `chunks` to be greater than 0, got: ' + chunks);
  const d = normalizeDim(dim, x.ndim);
  const size = x.shape[d]!;
  if (size === 0) return splitWithSizes(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(size / chunks), d);
}

/** Every slice along `dim`, that dimension removed (UnbindBackward0). */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.ndim === 0) throw new IndexError('Dimension specified as 0 but tensor has no dimensions');
  const d = normalizeDim(dim, x.ndim);
  const shape = x.shape.filter((_, k) => k !== d);
  const strides = x._strides.filter((_, k) => k !== d);
  const slices = Array.from({ length: x.shape[d]! }, (_, i) => makeView(x, [...shape], [...strides], x._offset + i * x._strides[d]!));
  return multiView(x, 'UnbindBackward0', slices, (g) => stack(g, d));
}
