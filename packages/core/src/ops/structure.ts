/**
 * Shape-and-position ops built from existing ones: triangles (tril, triu),
 * rotation (roll), tiling (tile), moving dimensions (movedim), diagonals
 * (diag, trace). Where PyTorch records one node (TrilBackward0,
 * RollBackward0, DiagBackward0, TraceBackward0) the forward runs unrecorded
 * and that node is recorded; tile and movedim are PyTorch compositions too
 * (RepeatBackward0, PermuteBackward0).
 */
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { arange } from '../tensor/create.js';
import { tensorArg, intListArg } from './arguments.js';
import * as binary from './binary.js';
import * as compare from './compare.js';
import * as movement from './movement.js';
import { cat } from './copies.js';
import { fused } from './pointwise-composites.js';
import { RuntimeError } from '../errors.js';

/** The [rows, cols] bool mask (col − row) ≤ k (lower) or ≥ k (upper), on x's device. */
function triangleMask(x: Tensor, k: number, lower: boolean): Tensor {
  const rows = x.shape[x.ndim - 2]!;
  const cols = x.shape[x.ndim - 1]!;
  const r = arange(rows, { dtype: 'int32', device: x.device }).reshape(rows, 1);
  const c = arange(cols, { dtype: 'int32', device: x.device }).reshape(1, cols);
  const offset = c.sub(r);
  return lower ? compare.le(offset, k) : compare.ge(offset, k);
}

function triangle(name: 'tril' | 'triu', x: Tensor, diagonal: number): Tensor {
  tensorArg(name, 'input', 1, x);
  if (x.ndim < 2) normalizeDim(-2, x.ndim); // PyTorch's IndexError: Dimension out of range (…, but got -2)
  const lower = name === 'tril';
  return fused(lower ? 'TrilBackward0' : 'TriuBackward0', [x], [], () => binary.where(triangleMask(x, diagonal, lower), x, 0), (g) => [triangle(name, g, diagonal)]);
}

/** The lower triangle: elements with col − row ≤ `diagonal`, the rest 0 (torch.tril); the gradient is tril of the gradient. */
export const tril = (x: Tensor, diagonal = 0): Tensor => triangle('tril', x, diagonal);

/** The upper triangle: elements with col − row ≥ `diagonal` (torch.triu). */
export const triu = (x: Tensor, diagonal = 0): Tensor => triangle('triu', x, diagonal);

/**
 * Rotates elements along `dims` by `shifts` (torch.roll): element i moves
 * to (i + shift) mod n. Without dims the tensor is flattened, rolled and
 * reshaped. The gradient rolls back (RollBackward0).
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  tensorArg('roll', 'input', 1, x);
  const s = intListArg('roll', 'shifts', shifts);
  const d = dims === undefined ? [] : intListArg('roll', 'dims', dims);
  if (d.length === 0 && s.length !== 1) throw new RuntimeError(`shifts and dimensions must align. shifts: ${s.length}, dims:0`);
  if (d.length !== 0 && d.length !== s.length) throw new RuntimeError(`shifts and dimensions must align. shifts: ${s.length}, dims:${d.length}`);
  const axes = d.map((a) => normalizeDim(a, x.ndim));
  const rollAxis = (t: Tensor, shift: number, axis: number): Tensor => {
    const n = t.shape[axis]!;
    if (n === 0) return t;
    const k = ((shift % n) + n) % n;
    if (k === 0) return t;
    return cat([t.narrow(axis, n - k, k), t.narrow(axis, 0, n - k)], axis);
  };
  return fused(
    'RollBackward0',
    [x],
    [],
    () => {
      if (axes.length === 0) return rollAxis(x.flatten(), s[0]!, 0).reshape(x.shape);
      let out = x;
      axes.forEach((a, i) => (out = rollAxis(out, s[i]!, a)));
      return out === x ? x.clone() : out;
    },
    (g) => [roll(g, s.map((v) => -v), axes.length ? axes : undefined)],
  );
}

/** Repeats the tensor `reps[i]` times along each dimension; fewer reps than dims are padded with 1s in front (torch.tile; recorded as repeat, RepeatBackward0). */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  tensorArg('tile', 'input', 1, x);
  const full = reps.length < x.ndim ? [...new Array<number>(x.ndim - reps.length).fill(1), ...reps] : [...reps];
  return x.repeat(full);
}

/**
 * Moves dimensions `source` to positions `destination`; the others keep
 * their order (torch.movedim; a permute, PermuteBackward0).
 */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  tensorArg('movedim', 'input', 1, x);
  const src = intListArg('movedim', 'source', source).map((a) => normalizeDim(a, x.ndim));
  const dst = intListArg('movedim', 'destination', destination).map((a) => normalizeDim(a, x.ndim));
  if (src.length !== dst.length) {
    throw new RuntimeError(`movedim: Invalid source or destination dims: source (${JSON.stringify(src).replace(/,/g, ', ')} dims) should contain the same number of dims as destination (${JSON.stringify(dst).replace(/,/g, ', ')} dims)`);
  }
  if (new Set(src).size !== src.length) throw new RuntimeError(`movedim: repeated dim in \`source\` (${JSON.stringify(src).replace(/,/g, ', ')})`);
  if (new Set(dst).size !== dst.length) throw new RuntimeError(`movedim: repeated dim in \`destination\` (${JSON.stringify(dst).replace(/,/g, ', ')})`);
  const perm = new Array<number>(x.ndim).fill(-1);
  src.forEach((s, i) => (perm[dst[i]!] = s));
  const rest = Array.from({ length: x.ndim }, (_, i) => i).filter((i) => !src.includes(i));
  let k = 0;
  for (let i = 0; i < perm.length; i++) if (perm[i] === -1) perm[i] = rest[k++]!;
  return movement.permute(x, perm);
}

/** zeros(rows, cols) holding `values` (length L) on the k-th diagonal: a mask times the values broadcast along rows (k ≥ 0) or columns (k < 0). */
function embedDiagonal(values: Tensor, rows: number, cols: number, k: number): Tensor {
  const r = arange(rows, { dtype: 'int32', device: values.device }).reshape(rows, 1);
  const c = arange(cols, { dtype: 'int32', device: values.device }).reshape(1, cols);
  const mask = compare.eq(c.sub(r), k);
  const length = values.shape[0]!;
  const along = k >= 0 ? rows : cols;
  const padded = length < along ? cat([values, values.newZeros([along - length])]) : values.narrow(0, 0, along);
  return binary.where(mask, k >= 0 ? padded.reshape(rows, 1) : padded.reshape(1, cols), 0);
}

/**
 * torch.diag: a 1-D tensor becomes the square matrix with it on diagonal
 * `k`; a 2-D tensor gives a copy of its k-th diagonal. DiagBackward0: the
 * gradient takes the diagonal back (1-D) or puts it in place in zeros (2-D).
 */
export function diag(x: Tensor, diagonal = 0): Tensor {
  tensorArg('diag', 'input', 1, x);
  if (x.ndim === 1) {
    const n = x.shape[0]! + Math.abs(diagonal);
    return fused('DiagBackward0', [x], [], () => embedDiagonal(x, n, n, diagonal), (g) => [g.diagonal(diagonal)]);
  }
  if (x.ndim === 2) {
    const [rows, cols] = x.shape as [number, number];
    return fused('DiagBackward0', [x], [], () => x.diagonal(diagonal).clone(), (g) => [embedDiagonal(g, rows, cols, diagonal)]);
  }
  throw new RuntimeError('matrix or a vector expected');
}

/** The sum of a matrix's main diagonal (torch.trace, TraceBackward0); the gradient is g on the diagonal. */
export function trace(x: Tensor): Tensor {
  tensorArg('trace', 'input', 1, x);
  if (x.ndim !== 2) throw new RuntimeError(`trace: expected a matrix, but got tensor with dim ${x.ndim}`);
  const [rows, cols] = x.shape as [number, number];
  const length = Math.min(rows, cols);
  return fused('TraceBackward0', [x], [], () => x.diagonal().sum(), (g) => [embedDiagonal(g.expand(length), rows, cols, 0)]);
}
