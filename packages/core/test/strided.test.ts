import { describe, expect, it } from 'vitest';
import { coalesce, forEachRow, isDense, numel, contiguousStrides } from '../src/backend/index.js';

/** Every element offset a strided walk visits, in row-major order, by brute force. */
function bruteOffsets(shape: number[], strides: number[], offset: number): number[] {
  const out: number[] = [];
  const idx = shape.map(() => 0);
  for (let n = 0; n < numel(shape); n++) {
    out.push(offset + idx.reduce((acc, i, d) => acc + i * strides[d]!, 0));
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** The offsets forEachRow + a row loop visit. */
function walkedOffsets(shape: number[], strides: number[], offset: number): number[] {
  const rows = coalesce(shape, [strides]);
  const len = rows.shape[rows.shape.length - 1]!;
  const step = rows.strides[0]![rows.shape.length - 1]!;
  const out: number[] = [];
  if (numel(shape) === 0) return out;
  forEachRow(rows, [offset], ([start]) => {
    for (let i = 0; i < len; i++) out.push(start! + i * step);
  });
  return out;
}

describe('@grad/core/backend: strided-view helpers', () => {
  it('coalesce merges a contiguous tensor of any rank into one row', () => {
    expect(coalesce([2, 3, 4], [[12, 4, 1]])).toEqual({ shape: [24], strides: [[1]] });
  });
  it('coalesce keeps a transposed matrix as rows (no merge across the swap)', () => {
    expect(coalesce([3, 2], [[1, 3]])).toEqual({ shape: [3, 2], strides: [[1, 3]] });
  });
  it('coalesce drops size-1 dimensions, and a rank-0 or all-ones space is one element: shape [1], stride 0', () => {
    expect(coalesce([1, 5, 1], [[5, 1, 1]])).toEqual({ shape: [5], strides: [[1]] });
    expect(coalesce([], [[]])).toEqual({ shape: [1], strides: [[0]] });
    expect(coalesce([1, 1], [[1, 1], [0, 0]])).toEqual({ shape: [1], strides: [[0], [0]] });
  });
  it('coalesce merges only where every operand steps uniformly (a broadcast operand blocks the merge)', () => {
    // a: contiguous [2, 3]; b: [3] broadcast over rows (stride 0 on dim 0)
    expect(coalesce([2, 3], [[3, 1], [0, 1]])).toEqual({ shape: [2, 3], strides: [[3, 1], [0, 1]] });
  });
  it.each([
    ['contiguous', [2, 3, 4], [12, 4, 1], 0],
    ['transposed', [4, 3], [1, 4], 0],
    ['broadcast (stride 0)', [3, 4], [0, 1], 2],
    ['flipped (negative stride)', [2, 3], [3, -1], 2],
    ['narrowed with an offset', [2, 2], [4, 1], 5],
    ['rank 0', [], [], 7],
    ['empty', [2, 0, 3], [0, 3, 1], 0],
  ] as [string, number[], number[], number][])('forEachRow visits every element of a %s view, in order', (_name, shape, strides, offset) => {
    expect(walkedOffsets(shape, strides, offset)).toEqual(bruteOffsets(shape, strides, offset));
  });
  it('isDense: row-major strides (size-1 axes ignored) and nothing else', () => {
    const view = (shape: number[], strides: number[]) => ({ storage: { dtype: 'float32' as const, length: 0 }, shape, strides, offset: 0 });
    expect(isDense(view([2, 3], [3, 1]), [2, 3])).toBe(true);
    expect(isDense(view([2, 1, 3], [3, 99, 1]), [2, 1, 3])).toBe(true);
    expect(isDense(view([2, 3], [1, 2]), [2, 3])).toBe(false);
    expect(isDense(view([2, 3], [0, 1]), [2, 3])).toBe(false);
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
  });
});
