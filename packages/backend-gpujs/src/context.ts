import type { DType, MemoryInfo } from '@grad/core';
import { IndexChecks, type IndexCheckTiming } from './checks.js';
import type { Device, DeviceBuffer, KernelArg } from './device.js';
import { GrowthWatch } from './growth-watch.js';
import { assertDtype, GpujsStorage } from './storage.js';

// Every dtype is held as float32 on the device, so each element costs 4 bytes.
const BYTES_PER_ELEMENT = 4;

/**
 * What every kernel needs: the device, and the bookkeeping of live storages
 * behind `memory()`.
 */
export class Context {
  private live = 0;
  private bytes = 0;

  /** Range checks of gather/scatter indices, run on the device. */
  readonly checks: IndexChecks;
  /** Warns once when storages pile up in a loop that never yields (see growth-watch.ts). */
  readonly growth: GrowthWatch;

  constructor(
    readonly device: Device,
    checkTiming: IndexCheckTiming,
  ) {
    this.checks = new IndexChecks(device, checkTiming);
    this.growth = new GrowthWatch(`gpujs backend (${device.mode})`, device.isGl);
  }

  /** Wraps a buffer as a counted storage. */
  wrap(dtype: DType, length: number, buffer: DeviceBuffer | null): GpujsStorage {
    this.live++;
    this.bytes += length * BYTES_PER_ELEMENT;
    this.growth.allocated({ live: this.live, bytes: this.bytes });
    return new GpujsStorage(dtype, length, buffer);
  }

  /** Runs a kernel into a fresh storage of `length` elements (none for length 0: no kernel can have an empty output). */
  run(dtype: DType, signature: string, source: () => string, length: number, args: readonly KernelArg[]): GpujsStorage {
    assertDtype(dtype, this.device.mode);
    if (length === 0) return this.wrap(dtype, 0, null);
    return this.wrap(dtype, length, this.device.run(signature, source, length, args));
  }

  /** A fresh storage of `length` copies of `value`. */
  fill(length: number, value: number, dtype: DType): GpujsStorage {
    return this.run(dtype, 'fill', () => 'function (v) { return v; }', length, [value]);
  }

  /** Frees a storage's device memory; a second call is a no-op. */
  release(storage: GpujsStorage): void {
    if (storage.disposed) return;
    storage.disposed = true;
    if (storage.buffer !== null) this.device.free(storage.buffer);
    storage.buffer = null;
    this.live--;
    this.bytes -= storage.length * BYTES_PER_ELEMENT;
  }

  memory(): MemoryInfo {
    return { tensors: this.live, bytes: this.bytes };
  }
}
