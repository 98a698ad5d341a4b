import { arrayTypeFor, type DType, type Storage, type TypedArray } from '@grad/core';

/** CPU memory: a typed array of the dtype (bool as 0/1 bytes). */
export interface CpuStorage extends Storage {
  data: TypedArray;
}

/** The typed-array constructor of a dtype (core's). */
export const arrayType = arrayTypeFor;

/** Tracks live storages for memory(). */
export class CpuMemory {
  tensors = 0;
  bytes = 0;

  allocate(dtype: DType, length: number): CpuStorage {
    return this.adopt(new (arrayType(dtype))(length), dtype);
  }

  adopt(data: TypedArray, dtype: DType): CpuStorage {
    this.tensors++;
    this.bytes += data.byteLength;
    return { dtype, length: data.length, data };
  }

  free(s: CpuStorage): void {
    if (s.data.length === 0 && s.length !== 0) return; // already freed
    this.tensors--;
    this.bytes -= s.data.byteLength;
    // Drop the memory now; a later use reads an empty array and is caught by core's disposed check.
    s.data = new (arrayType(s.dtype))(0);
  }
}
