/**
 * One WebAssembly instance of this package's kernels and its memory.
 *
 * Tensors stay in JavaScript typed arrays (so the garbage collector frees
 * them and a plain loop stays flat); a kernel copies its operands into this
 * memory, runs, and copies its result out. The memory is scratch: a bump
 * allocator reset at the start of every kernel call, grown on demand and
 * kept at its high-water mark (one 512×512 float32 matmul needs ~3 MB).
 *
 * With threads, the memory is shared (a SharedArrayBuffer underneath, which
 * needs a declared maximum: MAX_SHARED_PAGES of address space are reserved,
 * not committed) and a ThreadPool runs matmuls on it.
 */
import { ModuleBuilder } from './emitter.js';
import { addGemm, addPack, addPackContiguous, addPackTransposeF32, F32_TILE, F64_TILE } from './matmul-codegen.js';
import { addElementwise } from './elementwise-codegen.js';
import type { GemmKernel } from './gemm-blocks.js';
import { ThreadPool } from './thread-pool.js';

const PAGE = 65536;
/** 1 GiB: the largest scratch a threaded backend may grow to. */
const MAX_SHARED_PAGES = 16384;

export interface KernelExports {
  gemm_f32: GemmKernel;
  gemm_f64: GemmKernel;
  /** The elementwise and reduction kernels by name (elementwise-codegen.ts). */
  [name: string]: (...args: number[]) => number | void;
}

const compiled = new Map<boolean, WebAssembly.Module>();

/** The kernels module (for an unshared or a shared memory), generated and compiled once per process. */
function kernelModule(shared: boolean): WebAssembly.Module {
  let module = compiled.get(shared);
  if (module === undefined) {
    const m = new ModuleBuilder(shared ? { minPages: 1, maxPages: MAX_SHARED_PAGES, shared: true } : { minPages: 1 });
    addGemm(m, 'gemm_f32', F32_TILE);
    addGemm(m, 'gemm_f64', F64_TILE);
    addPack(m, 'pack_f32', 4);
    addPack(m, 'pack_f64', 8);
    // Vector packing for the widths the tiles use (MR and NR of each dtype).
    for (const tile of [F32_TILE, F64_TILE]) {
      const d = tile.bytes === 4 ? 'f32' : 'f64';
      for (const w of new Set([tile.mr, tile.nr])) addPackContiguous(m, `packv_${d}_w${w}`, tile.bytes, w);
    }
    addPackTransposeF32(m, 'packt_f32_w4');
    addElementwise(m);
    module = new WebAssembly.Module(m.encode());
    compiled.set(shared, module);
  }
  return module;
}

/** Whether this environment can share WebAssembly memory with workers (browsers: cross-origin isolated pages only). */
function canShare(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

export class WasmRuntime {
  readonly memory: WebAssembly.Memory;
  readonly kernels: KernelExports;
  private readonly module: WebAssembly.Module;
  private poolState: ThreadPool | null | undefined;
  private top = 0;
  private f32View = new Float32Array(0);
  private f64View = new Float64Array(0);

  /** `threads` > 1 asks for a pool of threads − 1 workers; without shared memory or workers it quietly runs on one. */
  constructor(private readonly threads = 1) {
    const shared = threads > 1 && canShare();
    this.memory = shared ? new WebAssembly.Memory({ initial: 16, maximum: MAX_SHARED_PAGES, shared: true }) : new WebAssembly.Memory({ initial: 16 });
    this.module = kernelModule(shared);
    this.kernels = new WebAssembly.Instance(this.module, { env: { memory: this.memory } }).exports as unknown as KernelExports;
    this.poolState = shared ? undefined : null;
  }

  /** Worker threads for large matmuls, started on first call; null on one thread or where workers cannot run. */
  get pool(): ThreadPool | null {
    if (this.poolState === undefined) {
      try {
        this.poolState = new ThreadPool(this.module, this.memory, this.threads);
      } catch {
        this.poolState = null;
      }
    }
    return this.poolState;
  }

  /** Forgets every allocation: the start of a kernel call. */
  reset(): void {
    this.top = 0;
  }

  /** Reserves `bytes` (64-byte aligned, a cache line); returns the byte address. Views may be replaced: re-read them after. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 63) & ~63;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / PAGE));
    return at;
  }

  /** A float32 view of the whole memory (re-created after growth). */
  get f32(): Float32Array {
    if (this.f32View.byteLength !== this.memory.buffer.byteLength) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  get f64(): Float64Array {
    if (this.f64View.byteLength !== this.memory.buffer.byteLength) this.f64View = new Float64Array(this.memory.buffer);
    return this.f64View;
  }
}

const runtimes = new Map<number, WasmRuntime>();

/**
 * The process's runtime for a thread count, shared by every cpu() backend
 * asking for it: kernels run synchronously and reset the scratch at entry,
 * so backends never interleave in it, and a process holds at most one
 * worker pool per thread count.
 */
export function runtimeFor(threads: number): WasmRuntime {
  let rt = runtimes.get(threads);
  if (rt === undefined) runtimes.set(threads, (rt = new WasmRuntime(threads)));
  return rt;
}
