import type { Backend, DType, Storage, StridedView } from '@grad/core';

/** Row-major strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/** A view of `storage`, contiguous unless strides/offset are given. */
export function view(storage: Storage, shape: readonly number[], strides?: readonly number[], offset = 0): StridedView {
  return { storage, shape, strides: strides ?? contiguousStrides(shape), offset };
}

/** A contiguous view of fresh values on `backend`. */
export function make(backend: Backend, values: readonly number[], shape: readonly number[] = [values.length], dtype: DType = 'float32'): StridedView {
  const array = dtype === 'int32' ? Int32Array.from(values) : dtype === 'bool' ? Uint8Array.from(values) : Float32Array.from(values);
  return view(backend.fromArray(array, dtype), shape);
}

/** The values of a storage as plain numbers. */
export function values(backend: Backend, storage: Storage): number[] {
  return Array.from(backend.read(storage));
}
