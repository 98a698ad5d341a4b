import type { Backend, BinaryOp, CompareOp, DType, Kernels, StridedView, TypedArray, UnaryOp } from '@grad/core';
import { binaryRow, unaryRow, type BinaryRow, type UnaryRow } from './codegen.js';
import { binaryOps, compareOps, unaryOps } from './ops-table.js';
import { CpuMemory, type CpuStorage, arrayType } from './storage.js';
import { assignKernel, binaryKernel, castKernel, contiguousKernel, unaryKernel, whereKernel } from './elementwise.js';
import { argReduceKernel, reduceKernel } from './reduce.js';
import { matmulKernel } from './matmul.js';
import { gatherKernel, scatterAddKernel } from './gather.js';
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
 * (float64 in float64), codegen'd elementwise loops over coalesced strided
 * rows, one-pass reductions and a cache-blocked matmul.
 *
 * ```ts
 * import { registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * registerBackend(cpu());
 * ```
 */
export function cpu(): Backend {
  const mem = new CpuMemory();
  const unaryRows = lazyTable<UnaryOp, (x: number) => number, UnaryRow>(unaryOps, unaryRow);
  const binaryRows = lazyTable<BinaryOp, (a: number, b: number) => number, BinaryRow>(binaryOps, binaryRow);
  const compareRows = lazyTable<CompareOp, (a: number, b: number) => number, BinaryRow>(compareOps, binaryRow);

  const kernels = {
    unary: (op, x) => unaryKernel(mem, unaryRows(op), x, op === 'logicalNot' ? 'bool' : x.storage.dtype),
    binary: (op, a, b, shape, dtype) => binaryKernel(mem, binaryRows(op), a, b, shape, dtype, dtype),
    compare: (op, a, b, shape, dtype) => binaryKernel(mem, compareRows(op), a, b, shape, dtype, 'bool'),
    where: (cond, a, b, shape, dtype) => whereKernel(mem, cond, a, b, shape, dtype),
    reduce: (op, x, axes) => reduceKernel(mem, op, x, axes),
    argReduce: (op, x, axis) => argReduceKernel(mem, op, x, axis),
    matmul: (a, b) => matmulKernel(mem, a, b),
    contiguous: (x) => contiguousKernel(mem, x),
    cast: (x, dtype) => castKernel(mem, x, dtype),
    assign: (dst, src) => assignKernel(dst, src),
    gather: (x, dim, index) => gatherKernel(mem, x, dim, index),
    scatterAdd: (shape, dim, index, src) => scatterAddKernel(mem, shape, dim, index, src),
    argsort: (x, descending) => argsortKernel(mem, x, descending),
  } satisfies Kernels;

  return {
    name: 'cpu',
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
