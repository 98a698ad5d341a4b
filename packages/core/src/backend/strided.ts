/**
 * Helpers for backend authors (`@grad/core/backend`): walking strided views.
 * Core owns layout (shape, strides, offset) and hands kernels strided views;
 * these turn a view into the fewest, longest contiguous-ish rows, so a
 * kernel's inner loop is the only per-element work. One copy for every
 * backend (the CPU and gpu.js backends used to keep their own, and the two
 * had drifted apart for rank-0 views).
 */
import type { StridedView } from './backend.js';
import { numelOf } from '../shape.js';

/** An iteration space after {@link coalesce}. */
export interface Rows {
  /** Shape after coalescing; never empty: the last entry is the row length (1 for a single element). */
  shape: number[];
  /** Per operand, its strides over that shape. */
  strides: number[][];
}

/**
 * Merges neighbouring dimensions that every operand steps through uniformly
 * (stride[d] = stride[d+1]·shape[d+1], for each operand) and drops size-1
 * dimensions. A contiguous tensor of any rank becomes one row; a transposed
 * matrix becomes rows of its own length. A rank-0 or all-ones space becomes
 * shape [1] with stride 0, so callers always have at least one dimension.
 *
 * ```ts
 * coalesce([2, 3], [[3, 1]]);     // { shape: [6], strides: [[1]] }
 * coalesce([2, 3], [[1, 2]]);     // { shape: [2, 3], strides: [[1, 2]] } (transposed: no merge)
 * coalesce([], [[]]);             // { shape: [1], strides: [[0]] }
 * ```
 */
export function coalesce(shape: readonly number[], strides: ReadonlyArray<readonly number[]>): Rows {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * size)) {
      outShape[last]! *= size;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
    } else {
      outShape.push(size);
      strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `row(offsets)` once per row of a coalesced space (the last dimension
 * is the row), with `offsets[k]` where operand k's row starts. `offsets` is
 * one array reused between calls: read it, don't keep it.
 */
export function forEachRow(rows: Rows, starts: readonly number[], row: (offsets: number[]) => void): void {
  const { shape, strides } = rows;
  const outer = shape.length - 1;
  const offsets = starts.slice();
  if (outer === 0) {
    row(offsets);
    return;
  }
  const counter = new Array<number>(outer).fill(0);
  for (;;) {
    row(offsets);
    // An odometer over the outer dimensions.
    let d = outer - 1;
    for (; d >= 0; d--) {
      counter[d]!++;
      for (let k = 0; k < offsets.length; k++) offsets[k]! += strides[k]![d]!;
      if (counter[d]! < shape[d]!) break;
      for (let k = 0; k < offsets.length; k++) offsets[k]! -= strides[k]![d]! * shape[d]!;
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}

/**
 * Whether `v` is dense row-major over `shape` (its strides are the
 * contiguous ones, size-1 axes excepted). Such an operand needs no row
 * iteration at all: one pass over `numel(shape)` elements from `v.offset`.
 */
export function isDense(v: StridedView, shape: readonly number[]): boolean {
  const s = v.strides;
  if (v.shape.length !== shape.length) return false;
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    if (size !== 1 && s[d] !== expected) return false;
    expected *= size;
  }
  return true;
}

/** The number of elements of a shape (1 for rank 0). */
export function numel(shape: readonly number[]): number {
  return numelOf(shape);
}
