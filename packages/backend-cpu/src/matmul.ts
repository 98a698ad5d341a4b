/**
 * Batched matrix product C[b] = A[b]·B[b] for [B, M, K] × [B, K, N].
 *
 * Operands are first brought to row-major per batch (a copy of O(MK + KN),
 * small next to the O(MKN) product). The product runs in i-k-j order: for each
 * row i of A and each k, row k of B is scaled by A[i,k] and added to row i of
 * C, so the inner loop streams through contiguous memory. K is split into
 * blocks so that the rows of B a block touches stay in cache while every row
 * of A passes over them.
 */
import type { StridedView, TypedArray } from '@grad/core';
import type { CpuMemory, CpuStorage } from './storage.js';
import { dataOf } from './elementwise.js';

const K_BLOCK = 128;

/** A [rows, cols] matrix of batch `b` as a row-major array (no copy when already so). */
function rowMajor(v: StridedView, b: number): { data: TypedArray; offset: number } {
  const [, rows, cols] = v.shape as [number, number, number];
  const [sb, sr, sc] = v.strides as [number, number, number];
  const data = dataOf(v);
  const start = v.offset + b * sb;
  if (sc === 1 && (sr === cols || rows === 1)) return { data, offset: start };
  const out = new (data.constructor as new (n: number) => TypedArray)(rows * cols);
  for (let r = 0; r < rows; r++) {
    const src = start + r * sr;
    for (let c = 0; c < cols; c++) out[r * cols + c] = data[src + c * sc]!;
  }
  return { data: out, offset: 0 };
}

export function matmulKernel(mem: CpuMemory, a: StridedView, b: StridedView): CpuStorage {
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const out = mem.allocate(a.storage.dtype, batch * m * n);
  const C = out.data;
  let lastA = -1;
  let lastB = -1;
  let A: { data: TypedArray; offset: number } = { data: C, offset: 0 };
  let B: { data: TypedArray; offset: number } = { data: C, offset: 0 };
  for (let bi = 0; bi < batch; bi++) {
    // A broadcast batch (stride 0) is converted once.
    const aKey = a.strides[0] === 0 ? 0 : bi;
    const bKey = b.strides[0] === 0 ? 0 : bi;
    if (aKey !== lastA) {
      A = rowMajor(a, aKey);
      lastA = aKey;
    }
    if (bKey !== lastB) {
      B = rowMajor(b, bKey);
      lastB = bKey;
    }
    const Ad = A.data;
    const Bd = B.data;
    const ao = A.offset;
    const bo = B.offset;
    const co = bi * m * n;
    for (let k0 = 0; k0 < k; k0 += K_BLOCK) {
      const k1 = Math.min(k0 + K_BLOCK, k);
      for (let i = 0; i < m; i++) {
        const crow = co + i * n;
        const arow = ao + i * k;
        for (let kk = k0; kk < k1; kk++) {
          const aik = Ad[arow + kk]!;
          if (aik === 0) continue;
          const brow = bo + kk * n;
          for (let j = 0; j < n; j++) C[crow + j]! += aik * Bd[brow + j]!;
        }
      }
    }
  }
  return out;
}
