/**
 * Iteration over strided views. Dimensions that are contiguous with each other
 * for every operand are merged first (coalescing), so a contiguous tensor is one
 * row and a transposed matrix is rows of its own length; the callback then runs
 * once per row with each operand's starting offset, and the row's inner loop
 * is the only per-element work.
 */

export interface Rows {
  /** Shape after coalescing; the last entry is the row length. */
  shape: number[];
  /** Per operand, strides after coalescing. */
  strides: number[][];
}

/** Merges dimensions that step uniformly for every operand and drops size-1 ones. */
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
 * Calls `row(offsets)` for every row of the coalesced iteration space, with
 * `offsets[k]` the start of operand k's row. `offsets` is reused between calls.
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
    // Odometer over the outer dimensions.
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

export { contiguousStrides, numelOf as numel } from '@grad/core';

