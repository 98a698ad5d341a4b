import type { DType, Storage, TypedArray } from '@grad/core';
import type { DeviceBuffer } from './device.js';

/**
 * The dtypes this backend holds. Every one is stored as float32 values on the
 * device (GPUs read and write float textures; gpu.js has no integer
 * textures): `int32` values are exact up to ±2^24 and `bool` is 0 or 1.
 * float64 is refused: a GPU texture has no 64-bit float to put it in.
 */
export const GPUJS_DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

/** Throws the error core's users see for a dtype the device cannot hold. */
export function assertDtype(dtype: DType, mode: string): void {
  if (!GPUJS_DTYPES.includes(dtype)) {
    throw new TypeError(
      `gpujs backend (${mode}) cannot hold ${dtype} tensors: the device stores float32 only ` +
        `(and int32/bool as float32 values). Convert with .float() first, or use the cpu backend for ${dtype}.`,
    );
  }
}

/**
 * A storage on this backend: `length` values in a device buffer (a texture in
 * GL modes, a Float32Array in `cpu`/`webasm`). `assign` swaps the buffer for a
 * new one (textures are written whole), so the object core holds stays valid.
 */
export class GpujsStorage implements Storage {
  /** `null` once disposed, and for empty storages (there is no 0-texel texture). */
  buffer: DeviceBuffer | null;

  constructor(
    readonly dtype: DType,
    readonly length: number,
    buffer: DeviceBuffer | null,
  ) {
    this.buffer = buffer;
  }

  disposed = false;
}

/** The buffer behind `s`, checking that it is ours and still alive. */
export function bufferOf(s: Storage): DeviceBuffer {
  if (!(s instanceof GpujsStorage)) {
    throw new TypeError(`gpujs backend: got a storage from another backend (${s.dtype}[${s.length}]); move the tensor with .to('gpujs') first`);
  }
  if (s.disposed) throw new Error('gpujs backend: a storage was used after it was disposed');
  if (s.buffer === null) throw new Error('gpujs backend: an empty storage has no elements to read');
  return s.buffer;
}

/** Host values as the float32 the device holds. */
export function toDeviceValues(data: TypedArray): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** Device float32 values as the host typed array of `dtype`. */
export function fromDeviceValues(values: Float32Array, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32':
      return values;
    case 'int32':
      return Int32Array.from(values);
    case 'bool':
      return Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
    case 'float64':
      return Float64Array.from(values);
  }
}
