/**
 * Reductions in one pass over the input in its own memory order: each element
 * is combined into the output slot it maps to (the output's strides, with 0
 * on reduced axes). That reads the input once, whichever axes are reduced.
 * Sums of float32 accumulate in float64.
 */
import type { ArgReduceOp, DType, ReduceOp, StridedView, TypedArray } from '@grad/core';
import { coalesce, contiguousStrides, forEachRow, numel } from './strided.js';
import type { CpuMemory, CpuStorage } from './storage.js';
import { dataOf } from './elementwise.js';

const identity: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };

/** Reduces one contiguous row (X[start … start+len)) to a float64; a faster kernel for long rows. */
export type RowReducer = (X: TypedArray, start: number, len: number) => number;

/** acc[oi + i] = op(acc[oi + i], X[xi + i]) for i < len; a faster kernel for long rows. */
export type RowAccumulator = (X: TypedArray, xi: number, acc: Float64Array, oi: number, len: number) => void;

/** Faster kernels for long contiguous rows, made on demand (WebAssembly SIMD). */
export interface FastReduce {
  /** For rows reduced whole. */
  reducer: () => RowReducer;
  /** For rows that map onto a contiguous row of the output (a leading axis reduced). */
  accumulator: () => RowAccumulator;
  /** Rows shorter than this stay here. */
  minRow: number;
}

export function reduceKernel(mem: CpuMemory, op: ReduceOp, x: StridedView, axes: readonly number[], fastKernels?: FastReduce): CpuStorage {
  const outShape = x.shape.filter((_, i) => !axes.includes(i));
  const outStridesCompact = contiguousStrides(outShape);
  // Output stride for every input axis: 0 on reduced axes.
  const outStrides: number[] = [];
  let k = 0;
  for (let d = 0; d < x.shape.length; d++) outStrides.push(axes.includes(d) ? 0 : outStridesCompact[k++]!);
  const dtype: DType = x.storage.dtype;
  const n = numel(outShape);
  // Accumulate in float64 for float types; integers and bools stay exact in float64 too.
  const acc = new Float64Array(n).fill(identity[op]);
  const X = dataOf(x);
  if (numel(x.shape) > 0) {
    const rows = coalesce(x.shape, [x.strides, outStrides]);
    const last = rows.shape.length - 1;
    const len = rows.shape[last]!;
    const xs = rows.strides[0]![last]!;
    const os = rows.strides[1]![last]!;
    const long = fastKernels !== undefined && xs === 1 && len >= fastKernels.minRow;
    const fast = long && os === 0 ? fastKernels.reducer() : null;
    const accumulate = long && os === 1 ? fastKernels.accumulator() : null;
    forEachRow(rows, [x.offset, 0], (o) => {
      const xi = o[0]!;
      const oi = o[1]!;
      if (accumulate) {
        accumulate(X, xi, acc, oi, len);
        return;
      }
      if (fast) {
        const r = fast(X, xi, len);
        if (op === 'sum') acc[oi]! += r;
        else if (op === 'prod') acc[oi]! *= r;
        else if (op === 'max' ? r > acc[oi]! || r !== r : r < acc[oi]! || r !== r) acc[oi] = r;
        return;
      }
      switch (op) {
        case 'sum':
          if (os === 0) {
            let s = 0;
            for (let i = 0; i < len; i++) s += X[xi + i * xs]!;
            acc[oi]! += s;
          } else for (let i = 0; i < len; i++) acc[oi + i * os]! += X[xi + i * xs]!;
          break;
        case 'prod':
          for (let i = 0; i < len; i++) acc[oi + i * os]! *= X[xi + i * xs]!;
          break;
        case 'max':
          for (let i = 0; i < len; i++) {
            const v = X[xi + i * xs]!;
            const j = oi + i * os;
            // NaN propagates: once stored it never compares greater.
            if (v > acc[j]! || v !== v) acc[j] = v;
          }
          break;
        case 'min':
          for (let i = 0; i < len; i++) {
            const v = X[xi + i * xs]!;
            const j = oi + i * os;
            if (v < acc[j]! || v !== v) acc[j] = v;
          }
          break;
      }
    });
  }
  const out = mem.allocate(dtype, n);
  if (dtype === 'bool') for (let i = 0; i < n; i++) out.data[i] = acc[i] !== 0 ? 1 : 0;
  else out.data.set(acc);
  return out;
}

/** Index of the first max/min along `axis` (NaN counts as the extreme, as PyTorch). */
export function argReduceKernel(mem: CpuMemory, op: ArgReduceOp, x: StridedView, axis: number): CpuStorage {
  const outShape = x.shape.filter((_, i) => i !== axis);
  const out = mem.allocate('int32', numel(outShape));
  const X = dataOf(x);
  const len = x.shape[axis]!;
  const step = x.strides[axis]!;
  const otherStrides = x.strides.filter((_, i) => i !== axis);
  const rows = coalesce(outShape, [otherStrides, contiguousStrides(outShape)]);
  const last = rows.shape.length - 1;
  const n = rows.shape[last]!;
  const xs = rows.strides[0]![last]!;
  const greater = op === 'argmax';
  forEachRow(rows, [x.offset, 0], (o) => {
    for (let r = 0; r < n; r++) {
      const base = o[0]! + r * xs;
      let best = X[base]!;
      let bestI = 0;
      for (let i = 1; i < len && best === best; i++) {
        const v = X[base + i * step]!;
        if (v !== v || (greater ? v > best : v < best)) {
          best = v;
          bestI = i;
        }
      }
      out.data[o[1]! + r] = bestI;
    }
  });
  return out;
}
