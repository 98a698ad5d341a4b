import type { Backend, MemoryInfo, Storage } from '../backend/backend.js';
import { itemSize } from '../dtype.js';
import { registeredBackends } from '../backend/registry.js';

/**
 * A storage shared by a tensor and its views, reference counted so that
 * `dispose()` of one view does not free memory another view still uses.
 * Device memory is freed when the count reaches zero: by `dispose`, `tidy`,
 * or the garbage-collection safety net below.
 */
export class StorageRef {
  refs = 0;
  freed = false;
  constructor(
    readonly backend: Backend,
    public storage: Storage,
  ) {}

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (this.freed) return;
    if (--this.refs <= 0) {
      this.freed = true;
      this.backend.dispose(this.storage);
    }
  }
}

/** Frees the storage of tensors the program dropped without disposing them. */
const safetyNet: FinalizationRegistry<StorageRef> | null =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((ref) => ref.release()) : null;

/** @internal Called once per tensor that holds `ref`. */
export function trackHolder(holder: object, ref: StorageRef): void {
  ref.retain();
  safetyNet?.register(holder, ref, holder);
}

/** @internal Called when a tensor lets go of `ref` (dispose, or `.data =` swapping storage). */
export function untrackHolder(holder: object, ref: StorageRef): void {
  safetyNet?.unregister(holder);
  ref.release();
}

/** Bytes of a storage, for memory accounting in backends. */
export function storageBytes(storage: Storage): number {
  return storage.length * itemSize(storage.dtype);
}

/**
 * Live storages and their bytes, per registered backend.
 *
 * ```ts
 * memory(); // { cpu: { tensors: 3, bytes: 48 } }
 * ```
 */
export function memory(): Record<string, MemoryInfo> {
  const out: Record<string, MemoryInfo> = {};
  for (const b of registeredBackends()) out[b.name] = b.memory();
  return out;
}
