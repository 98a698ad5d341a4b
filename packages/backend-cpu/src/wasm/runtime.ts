/**
 * One WebAssembly instance of this package's kernels and its memory.
 *
 * Tensors stay in JavaScript typed arrays (so the garbage collector frees
 * them and a plain loop stays flat); a kernel copies its operands into this
 * memory, runs, and copies its result out. The memory is scratch: a bump
 * allocator reset at the start of every kernel call, grown on demand and
 * kept at its high-water mark (one 512×512 float32 matmul needs ~3 MB).
 */
import { ModuleBuilder } from './emitter.js';
import { addGemm, F32_TILE, F64_TILE } from './matmul-codegen.js';
import { addElementwise } from './elementwise-codegen.js';

const PAGE = 65536;

export interface KernelExports {
  gemm_f32(a: number, b: number, c: number, mPanels: number, nPanels: number, kc: number, ldc: number, aPanel: number, bPanel: number): void;
  gemm_f64(a: number, b: number, c: number, mPanels: number, nPanels: number, kc: number, ldc: number, aPanel: number, bPanel: number): void;
  /** The elementwise and reduction kernels by name (elementwise-codegen.ts). */
  [name: string]: (...args: number[]) => number | void;
}

let compiled: WebAssembly.Module | null = null;

/** The kernels module, generated and compiled once per process. */
function kernelModule(): WebAssembly.Module {
  if (compiled === null) {
    const m = new ModuleBuilder({ minPages: 1 });
    addGemm(m, 'gemm_f32', F32_TILE);
    addGemm(m, 'gemm_f64', F64_TILE);
    addElementwise(m);
    compiled = new WebAssembly.Module(m.encode());
  }
  return compiled;
}

export class WasmRuntime {
  readonly memory = new WebAssembly.Memory({ initial: 16 });
  readonly kernels: KernelExports;
  private top = 0;
  private f32View = new Float32Array(0);
  private f64View = new Float64Array(0);

  constructor() {
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory: this.memory } });
    this.kernels = instance.exports as unknown as KernelExports;
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
    if (this.f32View.buffer !== this.memory.buffer) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  get f64(): Float64Array {
    if (this.f64View.buffer !== this.memory.buffer) this.f64View = new Float64Array(this.memory.buffer);
    return this.f64View;
  }
}
