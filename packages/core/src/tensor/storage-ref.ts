import type { Backend, MemoryInfo, Storage } from '../backend/backend.js';
import { itemSize } from '../dtype.js';
import { registeredBackends } from '../backend/registry.js';
import { inTidyScope } from './tidy-scope.js';

/** What the garbage-collection safety net needs to free a storage: nothing that points back at its StorageRef. */
interface Allocation {
  backend: Backend;
  storage: Storage;
  freed: boolean;
}

function free(a: Allocation): void {
  if (a.freed) return;
  a.freed = true;
  a.backend.dispose(a.storage);
}

/**
 * Frees the storage of a StorageRef the program dropped without disposing it.
 * One registration per storage (not per tensor or view), and none for
 * storages made inside a tidy() scope (which the scope frees, or registers
 * when they survive it): registering costs more than the rest of a small op,
 * mostly in the garbage collector (measured: the tutorial's regression runs
 * about 2.5× faster without it).
 */
const safetyNet: FinalizationRegistry<Allocation> | null =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(free) : null;

/**
 * A storage shared by a tensor and its views. `dispose()` of a tensor releases
 * its hold; the memory is freed when the last holder lets go (dispose, tidy),
 * or when the StorageRef itself is garbage collected (the safety net above).
 */
export class StorageRef {
  /** Live tensors (or views) holding this storage. */
  refs = 0;
  private readonly allocation: Allocation;

  private tracked = false;

  constructor(backend: Backend, storage: Storage) {
    this.allocation = { backend, storage, freed: false };
    if (!inTidyScope()) this.track();
  }

  /**
   * Puts this storage under the garbage-collection safety net (once), unless
   * its backend's memory is itself garbage collected (`managedMemory: 'gc'`):
   * the collector frees such a storage with its last reference, and a
   * registration would only keep it (and a cell) alive until a finalization
   * callback that a synchronous loop never lets run.
   */
  track(): void {
    if (this.tracked || this.allocation.freed || !safetyNet || this.allocation.backend.managedMemory === 'gc') return;
    this.tracked = true;
    safetyNet.register(this, this.allocation, this);
  }

  get backend(): Backend {
    return this.allocation.backend;
  }

  get storage(): Storage {
    return this.allocation.storage;
  }

  get freed(): boolean {
    return this.allocation.freed;
  }

  retain(): void {
    this.refs++;
  }

  release(): void {
    if (this.allocation.freed) return;
    if (--this.refs <= 0) {
      if (this.tracked) safetyNet?.unregister(this);
      free(this.allocation);
    }
  }
}

/** @internal Called once per tensor that holds `ref`. */
export function trackHolder(ref: StorageRef): void {
  ref.retain();
}

/** @internal Called when a tensor lets go of `ref` (dispose, or `.data =` swapping storage). */
export function untrackHolder(ref: StorageRef): void {
  ref.release();
}

/** Bytes of a storage, for memory accounting in backends. */
export function storageBytes(storage: Storage): number {
  return storage.length * itemSize(storage.dtype);
}

/**
 * Live storages and their bytes, per registered backend.
 *
 * On a backend whose memory the garbage collector frees (`managedMemory:
 * 'gc'`, the CPU backend) the count is of storages made and not yet released
 * by `dispose()` or `tidy()`: it cannot see what the collector has freed (or
 * will free) of tensors the program simply dropped, since watching each
 * storage's collection would cost a finalization cell per storage, the very
 * growth a plain loop must not have. There it is an upper bound; it is exact
 * for code that disposes (or runs inside `tidy`), and on device backends.
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
