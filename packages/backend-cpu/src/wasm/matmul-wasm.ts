/**
 * Batched matmul through the WebAssembly SIMD micro-kernel.
 *
 * Every operand layout goes through one path: A and B are packed from their
 * strided views (any strides, so A·B, Aᵀ·B, A·Bᵀ and Aᵀ·Bᵀ alike) into
 * panels in WebAssembly memory, the kernel runs on the panels, and the
 * valid part of the padded C is copied out. Packing reads O(MK + KN) values
 * against O(MKN) multiply-adds: for 512×512 about 0.5 M copies against
 * 134 M multiply-adds, so transposed products run as fast as the plain one.
 * A broadcast batch (stride 0) is packed once and reused.
 *
 * Blocking (GotoBLAS's order): k in slices of KC so a B panel slice
 * (KC·NR values, 8 KB in float32) stays in L1 while MC rows of A (a block of
 * at most 256 KB) pass over it from L2.
 */
import type { StridedView, TypedArray } from '@grad/core';
import { F32_TILE, F64_TILE } from './matmul-codegen.js';
import type { WasmRuntime } from './runtime.js';
import { gemmBlocks } from './gemm-blocks.js';

const KC = 256;
/**
 * Products smaller than this (multiply-adds per batch) stay on the calling
 * thread: waking a worker and waiting costs ~20–50 µs, the time of ~1 M
 * multiply-adds on one core.
 */
const THREAD_MIN_MACS = 1 << 20;
const A_BLOCK_BYTES = 256 * 1024;

/**
 * Packs a matrix into panels of `width` along its "p" dimension (rows of A,
 * columns of B), each panel depth-major: P[base + panel·depth·width + kk·width + r].
 * Positions past `count` (the last panel's padding) are zero.
 */
function packPanels(X: TypedArray, start: number, count: number, pStride: number, depth: number, kStride: number, width: number, P: TypedArray, base: number): void {
  const panelSize = depth * width;
  if (Math.abs(kStride) <= Math.abs(pStride)) {
    // Walk each row/column along k: contiguous reads when kStride is 1.
    for (let i = 0; i < count; i++) {
      const src = start + i * pStride;
      const dst = base + Math.floor(i / width) * panelSize + (i % width);
      if (kStride === 1) for (let kk = 0; kk < depth; kk++) P[dst + kk * width] = X[src + kk]!;
      else for (let kk = 0; kk < depth; kk++) P[dst + kk * width] = X[src + kk * kStride]!;
    }
  } else {
    // Walk across rows/columns for each k: contiguous reads when pStride is 1.
    const full = Math.floor(count / width);
    for (let kk = 0; kk < depth; kk++) {
      const src = start + kk * kStride;
      for (let panel = 0; panel <= full; panel++) {
        const dst = base + panel * panelSize + kk * width;
        const n = panel < full ? width : count - full * width;
        const s = src + panel * width * pStride;
        if (pStride === 1) for (let r = 0; r < n; r++) P[dst + r] = X[s + r]!;
        else for (let r = 0; r < n; r++) P[dst + r] = X[s + r * pStride]!;
      }
    }
  }
  const padded = Math.ceil(count / width) * width;
  for (let i = count; i < padded; i++) {
    const dst = base + Math.floor(i / width) * panelSize + (i % width);
    for (let kk = 0; kk < depth; kk++) P[dst + kk * width] = 0;
  }
}

/** The elements [lo, hi) of storage that a count × depth operand with these strides touches. */
function span(start: number, count: number, pStride: number, depth: number, kStride: number): { lo: number; hi: number } {
  const p = (count - 1) * pStride;
  const q = (depth - 1) * kStride;
  return { lo: start + Math.min(0, p) + Math.min(0, q), hi: start + Math.max(0, p) + Math.max(0, q) + 1 };
}

/**
 * Packs one operand. When the elements it touches form a compact range of
 * its storage (dense, transposed, broadcast: anything but a sparse slice of
 * a larger tensor), that range is copied into WebAssembly memory with one
 * memcpy and packed there by `pack_<dtype>`, about 5× faster than packing
 * from JavaScript; otherwise packPanels does it from JavaScript.
 */
function stage(rt: WasmRuntime, X: TypedArray, start: number, count: number, pStride: number, depth: number, kStride: number, width: number, rawAt: number, rawLen: number, dstAt: number, bytes: 4 | 8): void {
  const P = bytes === 4 ? rt.f32 : rt.f64;
  const { lo, hi } = span(start, count, pStride, depth, kStride);
  if (hi - lo > rawLen) {
    packPanels(X, start, count, pStride, depth, kStride, width, P, dstAt / bytes);
    return;
  }
  P.set(X.subarray(lo, hi), rawAt / bytes);
  const rem = count % width;
  if (rem !== 0) {
    const last = dstAt / bytes + (count - rem) * depth;
    P.fill(0, last, last + depth * width);
  }
  const pack = bytes === 4 ? rt.kernels.pack_f32! : rt.kernels.pack_f64!;
  const src = rawAt + (start - lo) * bytes;
  if (pStride === 1 && count >= width) {
    // Whole panels move as vectors; a partial last panel goes through the scalar packer.
    const full = Math.floor(count / width);
    rt.kernels[`packv_${bytes === 4 ? 'f32' : 'f64'}_w${width}`]!(src, kStride * bytes, full, depth, dstAt);
    if (rem !== 0) pack(src + full * width * bytes, bytes, kStride * bytes, rem, depth, width, dstAt + full * width * depth * bytes, 1);
    return;
  }
  if (kStride === 1 && bytes === 4 && width === 4 && count >= width) {
    // Rows contiguous along k (float32 A row-major): 4×4 transposes.
    const full = Math.floor(count / width);
    rt.kernels.packt_f32_w4!(src, pStride * bytes, full, depth, dstAt);
    if (rem !== 0) pack(src + full * width * pStride * bytes, pStride * bytes, bytes, rem, depth, width, dstAt + full * width * depth * bytes, 0);
    return;
  }
  pack(src, pStride * bytes, kStride * bytes, count, depth, width, dstAt, Math.abs(kStride) > Math.abs(pStride) ? 1 : 0);
}

/** The raw staging area for an operand: its span when compact (≤ 2× its element count), else none. */
function rawSize(start: number, count: number, pStride: number, depth: number, kStride: number): number {
  const { lo, hi } = span(start, count, pStride, depth, kStride);
  return hi - lo <= 2 * count * depth + 64 ? hi - lo : 0;
}

/** out[b] = a[b]·b[b] for float32 or float64 views [B, M, K] × [B, K, N]; `out` is row-major [B, M, N]. */
export function wasmMatmul(rt: WasmRuntime, a: StridedView, b: StridedView, A: TypedArray, B: TypedArray, out: TypedArray): void {
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  if (batch === 0 || m === 0 || n === 0) return;
  if (k === 0) {
    out.fill(0, 0, batch * m * n); // empty sums
    return;
  }
  const f32 = out instanceof Float32Array;
  const tile = f32 ? F32_TILE : F64_TILE;
  const { mr, nr, bytes } = tile;
  const mPanels = Math.ceil(m / mr);
  const nPanels = Math.ceil(n / nr);
  const aPanel = k * mr * bytes;
  const bPanel = k * nr * bytes;
  const ldc = nPanels * nr * bytes;
  rt.reset();
  const aAt = rt.alloc(mPanels * aPanel);
  const bAt = rt.alloc(nPanels * bPanel);
  const cAt = rt.alloc(mPanels * mr * ldc);
  const aRaw = rawSize(a.offset, m, a.strides[1]!, k, a.strides[2]!);
  const bRaw = rawSize(b.offset, n, b.strides[2]!, k, b.strides[1]!);
  const aRawAt = rt.alloc(aRaw * bytes);
  const bRawAt = rt.alloc(bRaw * bytes);
  const mcPanels = Math.max(1, Math.floor(A_BLOCK_BYTES / (Math.min(k, KC) * mr * bytes)));
  const gemm = f32 ? rt.kernels.gemm_f32 : rt.kernels.gemm_f64;
  const P = f32 ? rt.f32 : rt.f64;
  const ldcElems = ldc / bytes;
  const cBase = cAt / bytes;
  let lastA = -1;
  let lastB = -1;
  for (let bi = 0; bi < batch; bi++) {
    const aKey = a.strides[0] === 0 ? 0 : bi;
    const bKey = b.strides[0] === 0 ? 0 : bi;
    if (aKey !== lastA) {
      stage(rt, A, a.offset + aKey * a.strides[0]!, m, a.strides[1]!, k, a.strides[2]!, mr, aRawAt, aRaw, aAt, bytes);
      lastA = aKey;
    }
    if (bKey !== lastB) {
      stage(rt, B, b.offset + bKey * b.strides[0]!, n, b.strides[2]!, k, b.strides[1]!, nr, bRawAt, bRaw, bAt, bytes);
      lastB = bKey;
    }
    const pool = m * n * k >= THREAD_MIN_MACS ? rt.pool : null;
    if (pool && mPanels >= 2 * pool.threads) {
      pool.gemm(gemm, bytes, aAt, bAt, cAt, mPanels, nPanels, k, ldc, aPanel, bPanel, mr, nr, KC, mcPanels);
    } else {
      gemmBlocks(gemm, aAt, bAt, cAt, 0, mPanels, nPanels, k, ldc, aPanel, bPanel, mr, nr, bytes, KC, mcPanels);
    }
    const o = bi * m * n;
    if (ldcElems === n) out.set(P.subarray(cBase, cBase + m * n), o);
    else for (let i = 0; i < m; i++) out.set(P.subarray(cBase + i * ldcElems, cBase + i * ldcElems + n), o + i * n);
  }
}
