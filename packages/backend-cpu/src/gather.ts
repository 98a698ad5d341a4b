/** torch.gather and torch.scatter_add along one dimension, with bounds checks. */
import { RuntimeError, type StridedView } from '@grad/core';
import { contiguousStrides, numel } from './strided.js';
import type { CpuMemory, CpuStorage } from './storage.js';
import { dataOf } from './elementwise.js';

/** PyTorch's error for an index outside [0, size): negative indices are refused too, as torch.gather does. */
function outOfBounds(index: number, dim: number, size: number): never {
  throw new RuntimeError(`index ${index} is out of bounds for dimension ${dim} with size ${size}`);
}

/** Visits every position of `shape` in row-major order with its coordinates. */
function forEachPosition(shape: readonly number[], visit: (coords: number[], flat: number) => void): void {
  const total = numel(shape);
  const coords = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < total; flat++) {
    visit(coords, flat);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coords[d]! < shape[d]!) break;
      coords[d] = 0;
    }
  }
}

function offsetOf(v: StridedView, coords: readonly number[]): number {
  let o = v.offset;
  for (let d = 0; d < coords.length; d++) o += coords[d]! * v.strides[d]!;
  return o;
}

export function gatherKernel(mem: CpuMemory, x: StridedView, dim: number, index: StridedView): CpuStorage {
  const out = mem.allocate(x.storage.dtype, numel(index.shape));
  const X = dataOf(x);
  const I = dataOf(index);
  const size = x.shape[dim] ?? 1;
  forEachPosition(index.shape, (coords, flat) => {
    const idx = I[offsetOf(index, coords)]!;
    if (idx < 0 || idx >= size) outOfBounds(idx, dim, size);
    const saved = coords[dim]!;
    coords[dim] = idx;
    out.data[flat] = X[x.shape.length ? offsetOf(x, coords) : x.offset]!;
    coords[dim] = saved;
  });
  return out;
}

export function scatterAddKernel(mem: CpuMemory, shape: readonly number[], dim: number, index: StridedView, src: StridedView): CpuStorage {
  const out = mem.allocate(src.storage.dtype, numel(shape));
  const strides = contiguousStrides(shape);
  const I = dataOf(index);
  const S = dataOf(src);
  const size = shape[dim] ?? 1;
  forEachPosition(index.shape, (coords) => {
    const idx = I[offsetOf(index, coords)]!;
    if (idx < 0 || idx >= size) outOfBounds(idx, dim, size);
    let o = 0;
    for (let d = 0; d < coords.length; d++) o += (d === dim ? idx : coords[d]!) * strides[d]!;
    out.data[o]! += S[offsetOf(src, coords)]!;
  });
  return out;
}
