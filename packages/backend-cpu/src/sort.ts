/** The argsort kernel: stable index sorts of each row along the last axis. */
import type { StridedView } from '@grad/core';
import { numel } from './strided.js';
import type { CpuMemory, CpuStorage } from './storage.js';
import { dataOf } from './elementwise.js';

/**
 * int32 indices sorting each last-axis row of `x`, stably (equal values
 * keep their order; Array.prototype.sort is stable). NaN counts as the
 * largest value: last ascending, first descending, as PyTorch.
 */
export function argsortKernel(mem: CpuMemory, x: StridedView, descending: boolean): CpuStorage {
  const out = mem.allocate('int32', numel(x.shape));
  const X = dataOf(x);
  const rank = x.shape.length;
  const n = rank === 0 ? 1 : x.shape[rank - 1]!;
  const step = rank === 0 ? 0 : x.strides[rank - 1]!;
  const outer = x.shape.slice(0, Math.max(rank - 1, 0));
  const rows = numel(outer);
  const coords = new Array<number>(outer.length).fill(0);
  const values = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  // a before b? NaN is the largest; ties keep index order (the sort is stable).
  const ascending = (a: number, b: number): number => {
    const va = values[a]!;
    const vb = values[b]!;
    if (va !== va) return vb !== vb ? 0 : 1;
    if (vb !== vb) return -1;
    return va < vb ? -1 : va > vb ? 1 : 0;
  };
  const compare = descending ? (a: number, b: number): number => ascending(b, a) : ascending;
  for (let r = 0; r < rows; r++) {
    let base = x.offset;
    for (let d = 0; d < outer.length; d++) base += coords[d]! * x.strides[d]!;
    for (let i = 0; i < n; i++) {
      values[i] = X[base + i * step]!;
      order[i] = i;
    }
    order.sort(compare);
    out.data.set(order, r * n);
    for (let d = outer.length - 1; d >= 0; d--) {
      if (++coords[d]! < outer[d]!) break;
      coords[d] = 0;
    }
  }
  return out;
}
