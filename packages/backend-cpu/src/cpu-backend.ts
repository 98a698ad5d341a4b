import type { Backend, BinaryOp, CompareOp, DType, Kernels, Operand, ReduceOp, StridedView, TypedArray, UnaryOp } from '@grad/core';
import { checkOptions } from '@grad/core';
import { binaryRow, unaryRow, type BinaryRow, type UnaryRow } from './codegen.js';
import { binaryOps, compareOps, unaryOps } from './ops-table.js';
import { CpuMemory, type CpuStorage, arrayType } from './storage.js';
import { assignKernel, binaryKernel, castKernel, contiguousKernel, unaryKernel, whereKernel } from './elementwise.js';
import { argReduceKernel, reduceKernel } from './reduce.js';
import { matmulKernel } from './matmul.js';
import { gatherKernel, scatterAddKernel } from './gather.js';
import { simdSupported } from './wasm/simd-probe.js';
import { runtimeFor, type WasmRuntime } from './wasm/runtime.js';
import { wasmMatmul } from './wasm/matmul-wasm.js';
import { dataOf } from './elementwise.js';
import { minRow, hasWasmBinary, hasWasmReduce, hasWasmUnary, wasmBinary, wasmRowAccumulator, wasmRowReducer, wasmUnary } from './wasm/elementwise-wasm.js';
import { numel } from './strided.js';

/** The keys of {@link CpuOptions}, for refusing a misspelt one. */
const CPU_OPTIONS = ['simd', 'threads'] as const satisfies readonly (keyof CpuOptions)[];

/** Options of {@link cpu}. */
export interface CpuOptions {
  /**
   * Use the WebAssembly SIMD kernels where the engine supports them (default
   * true). `false` forces the plain TypeScript loops everywhere: the path an
   * engine without SIMD takes, kept tested by the conformance suite.
   * `'always'` routes every kernel that has a SIMD version through it, however
   * small its tensors (tests and measurements; slower on tiny tensors).
   */
  simd?: boolean | 'always';
  /**
   * Threads for large matmuls (≥ 2²⁰ multiply-adds), counting the calling
   * thread; default: the available parallelism. 1 keeps all work on the
   * calling thread. Threads need WebAssembly SIMD and shared memory
   * (SharedArrayBuffer: always in Node; in browsers only on cross-origin
   * isolated pages); elsewhere the backend runs on one thread. Results do not
   * depend on the number of threads.
   */
  threads?: number;
}

/** Logical cores: os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers, else 1. */
function availableParallelism(): number {
  const g = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown }; navigator?: { hardwareConcurrency?: number } };
  const os = g.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number; cpus?: () => unknown[] } | undefined;
  const n = os?.availableParallelism?.() ?? os?.cpus?.().length ?? g.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.floor(n));
}

/**
 * Below this many multiply-adds (M·N·K per batch) a matmul stays in
 * TypeScript: packing and the call into WebAssembly cost more than they save.
 */
const WASM_MATMUL_MIN_MACS = 4096;
import { argsortKernel } from './sort.js';

/** Row kernels are generated on first use of each op, then cached for the backend's life. */
function lazyTable<K extends string, F, R>(table: Record<K, F>, make: (f: F) => R): (op: K) => R {
  const cache = new Map<K, R>();
  return (op) => {
    let r = cache.get(op);
    if (r === undefined) {
      const f = table[op];
      if (f === undefined) throw new Error(`cpu backend: unknown op '${op}'`);
      cache.set(op, (r = make(f)));
    }
    return r;
  };
}

/**
 * The CPU backend: typed arrays, every dtype computed in its own precision
 * (float64 in float64). Large matmuls, elementwise ops and reductions run as
 * WebAssembly SIMD kernels where the engine supports them (matmuls split
 * across `threads`); small tensors, other ops and engines without SIMD use
 * codegen'd TypeScript loops over coalesced strided rows.
 *
 * ```ts
 * import { registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * registerBackend(cpu());                 // SIMD, threads = available parallelism
 * registerBackend(cpu({ threads: 1 }));   // one thread
 * ```
 */
export function cpu(options: CpuOptions = {}): Backend {
  checkOptions('cpu', options, CPU_OPTIONS);
  if (options.simd !== undefined && options.simd !== true && options.simd !== false && options.simd !== 'always') {
    throw new TypeError(`cpu backend: simd must be true, false or 'always', got ${JSON.stringify(options.simd)}`);
  }
  const mem = new CpuMemory();
  const useSimd = options.simd !== false && simdSupported();
  const always = options.simd === 'always';
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`cpu backend: threads must be a positive integer, got ${String(options.threads)}`);
  // Fetched on first use: a backend that never meets a large tensor never compiles the module.
  // null when WebAssembly compiles nowhere here (a Content-Security-Policy without
  // 'wasm-unsafe-eval' validates modules but refuses to compile them): TypeScript then.
  // Matmuls use the runtime with `threads` (shared memory when > 1); elementwise ops and
  // reductions, which run on the calling thread, keep an unshared one: copies to and from
  // a SharedArrayBuffer are ~35% slower (0.50 vs 0.37 ms for x·2 on 1M float32).
  const runtimes = new Map<number, WasmRuntime | null>();
  const wasm = (t: number): WasmRuntime | null => {
    if (!useSimd) return null;
    let rt = runtimes.get(t);
    if (rt === undefined) {
      try {
        rt = runtimeFor(t);
      } catch {
        rt = null;
      }
      runtimes.set(t, rt);
    }
    return rt;
  };
  /** The runtime when an op of `elements` elements should use it, else null. */
  const wasmFor = (elements: number, min: number, t = 1): WasmRuntime | null => (always || elements >= min ? wasm(t) : null);

  function matmul(a: StridedView, b: StridedView): CpuStorage {
    const [batch, m, k] = a.shape as [number, number, number];
    const n = b.shape[2]!;
    const rt = a.storage.dtype === 'float32' || a.storage.dtype === 'float64' ? wasmFor(m * n * k, WASM_MATMUL_MIN_MACS, threads) : null;
    if (!rt) return matmulKernel(mem, a, b);
    const out = mem.allocate(a.storage.dtype, batch * m * n);
    try {
      wasmMatmul(rt, a, b, dataOf(a), dataOf(b), out.data);
    } catch (e) {
      // The scratch memory could not grow (past 4 GiB, or a threaded runtime's 1 GiB): the TypeScript kernel needs none.
      if (!(e instanceof RangeError)) throw e;
      mem.free(out);
      return matmulKernel(mem, a, b);
    }
    return out;
  }
  const unaryRows = lazyTable<UnaryOp, (x: number) => number, UnaryRow>(unaryOps, unaryRow);
  const binaryRows = lazyTable<BinaryOp, (a: number, b: number) => number, BinaryRow>(binaryOps, binaryRow);
  const compareRows = lazyTable<CompareOp, (a: number, b: number) => number, BinaryRow>(compareOps, binaryRow);

  function unary(op: UnaryOp, x: StridedView): CpuStorage {
    const dtype = x.storage.dtype;
    const rt = hasWasmUnary(op, dtype) ? wasmFor(numel(x.shape), minRow(op)) : null;
    let out: CpuStorage | undefined;
    if (rt && wasmUnary(rt, op, x, dataOf(x), always, () => (out = mem.allocate(dtype, numel(x.shape))).data)) return out!;
    return unaryKernel(mem, unaryRows(op), x, op === 'logicalNot' ? 'bool' : dtype);
  }

  function binary(op: BinaryOp, a: Operand, b: Operand, shape: readonly number[], dtype: DType): CpuStorage {
    const rt = hasWasmBinary(op, dtype) ? wasmFor(numel(shape), minRow(op)) : null;
    if (rt) {
      let out: CpuStorage | undefined;
      const A = typeof a === 'number' ? null : dataOf(a);
      const B = typeof b === 'number' ? null : dataOf(b);
      if (wasmBinary(rt, op, a, b, A, B, shape, dtype as 'float32' | 'float64', always, () => (out = mem.allocate(dtype, numel(shape))).data)) return out!;
    }
    return binaryKernel(mem, binaryRows(op), a, b, shape, dtype, dtype);
  }

  function reduce(op: ReduceOp, x: StridedView, axes: readonly number[]): CpuStorage {
    const dtype = x.storage.dtype;
    const rt = hasWasmReduce(op, dtype) ? wasmFor(numel(x.shape), minRow(op)) : null;
    if (!rt) return reduceKernel(mem, op, x, axes);
    const d = dtype as 'float32' | 'float64';
    return reduceKernel(mem, op, x, axes, {
      reducer: () => wasmRowReducer(rt, op, d),
      accumulator: () => wasmRowAccumulator(rt, op, d),
      minRow: always ? 0 : minRow(op),
    });
  }

  const kernels = {
    unary,
    binary,
    compare: (op, a, b, shape, dtype) => binaryKernel(mem, compareRows(op), a, b, shape, dtype, 'bool'),
    where: (cond, a, b, shape, dtype) => whereKernel(mem, cond, a, b, shape, dtype),
    reduce,
    argReduce: (op, x, axis) => argReduceKernel(mem, op, x, axis),
    matmul,
    contiguous: (x) => contiguousKernel(mem, x),
    cast: (x, dtype) => castKernel(mem, x, dtype),
    assign: (dst, src) => assignKernel(dst, src),
    gather: (x, dim, index) => gatherKernel(mem, x, dim, index),
    scatterAdd: (shape, dim, index, src) => scatterAddKernel(mem, shape, dim, index, src),
    argsort: (x, descending) => argsortKernel(mem, x, descending),
  } satisfies Kernels;

  return {
    name: 'cpu',
    managedMemory: 'gc', // typed arrays: the collector frees them, with no finalizer (core's memory() says what it then cannot count)
    dtypes: ['float32', 'float64', 'int32', 'bool'],
    fromArray(data: TypedArray, dtype: DType): CpuStorage {
      const out = mem.allocate(dtype, data.length);
      if (dtype === 'bool') for (let i = 0; i < data.length; i++) out.data[i] = data[i] !== 0 ? 1 : 0;
      else out.data.set(data);
      return out;
    },
    full(length: number, value: number, dtype: DType): CpuStorage {
      const out = mem.allocate(dtype, length);
      const v = dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
      if (v !== 0) out.data.fill(v);
      return out;
    },
    read(storage) {
      return (storage as CpuStorage).data;
    },
    dispose(storage) {
      mem.free(storage as CpuStorage);
    },
    memory() {
      return { tensors: mem.tensors, bytes: mem.bytes };
    },
    kernels,
  } satisfies Backend;
}

export type { CpuStorage, StridedView };
export { arrayType };
