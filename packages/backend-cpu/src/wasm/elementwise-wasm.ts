/**
 * Elementwise ops and row reductions through WebAssembly SIMD.
 *
 * Tensors live in JavaScript typed arrays, so each row of the (coalesced)
 * iteration is processed in chunks of CHUNK elements: copied into scratch
 * buffers (`TypedArray.set`, a memcpy, when the row is contiguous), computed,
 * and copied out. A chunk's buffers (3 × 32 KB in float32) stay in L1/L2,
 * so the copies run at cache speed and the scratch memory stays small
 * whatever the tensor's size.
 *
 * Routing, measured per call on contiguous float32 (Node 20, the project's
 * 2-core machine under load from other jobs; best of 15 runs, µs, plain
 * TypeScript / WebAssembly):
 *
 *   n       add          mul by 2     tanh           exp           sum
 *   64      0.40 / 1.93  0.91 / 1.21  1.46 / 2.61    1.53 / 2.02   0.78 / 1.42
 *   256     3.40 / 2.15  1.69 / 1.32  7.47 / 4.65    4.26 / 4.13   1.13 / 1.01
 *   1024    4.74 / 4.31  4.68 / 1.86  35.2 / 15.6    23.5 / 12.8   4.63 / 0.80
 *   4096    11.1 / 3.82  10.2 / 3.34  116 / 19.4     56.0 / 20.0   13.9 / 1.50
 *   65536   225 / 41.8   138 / 35.8   2644 / 333     1491 / 436    144 / 15.1
 *
 * A WebAssembly call costs ~1.5 µs of fixed overhead (coalescing, scratch
 * views, the chunk loop), so rows shorter than MIN_ROW (the float32
 * transcendentals: MIN_ROW_TRANSCENDENTAL) stay in TypeScript, as do the ops
 * without a kernel here (pow, sin, cos, sign, float64 exp/log/tanh/sigmoid,
 * comparisons, integer dtypes). Whole-tensor copies in and out are not the
 * cost they seem: each chunk's three buffers stay in cache.
 */
import type { Operand, StridedView, TypedArray } from '@grad/core';
import type { WasmRuntime } from './runtime.js';
import { coalesce, contiguousStrides, forEachRow } from '../strided.js';
import { WASM_BINARY, WASM_REDUCE, WASM_UNARY_F32, WASM_UNARY_F64 } from './elementwise-codegen.js';

/** Elements per chunk: 32 KB of float32, 64 KB of float64 per buffer. */
const CHUNK = 8192;
/** Rows shorter than this stay in TypeScript (see the measurements above). */
export const MIN_ROW = 1024;
const MIN_ROW_TRANSCENDENTAL = 256;
const TRANSCENDENTAL = new Set(['exp', 'log', 'tanh', 'sigmoid']);

/** The row length from which op's WebAssembly kernel is faster (measurements above). */
export function minRow(op: string): number {
  return TRANSCENDENTAL.has(op) ? MIN_ROW_TRANSCENDENTAL : op === 'sum' || op === 'max' || op === 'min' || op === 'prod' ? MIN_ROW / 2 : MIN_ROW;
}

const UNARY_F32 = new Set(WASM_UNARY_F32);
const UNARY_F64 = new Set(WASM_UNARY_F64);
const BINARY = new Set(WASM_BINARY);
const REDUCE = new Set(WASM_REDUCE);

type Float = 'float32' | 'float64';

function suffix(dtype: Float): 'f32' | 'f64' {
  return dtype === 'float32' ? 'f32' : 'f64';
}

export function hasWasmUnary(op: string, dtype: string): boolean {
  return dtype === 'float32' ? UNARY_F32.has(op) : dtype === 'float64' ? UNARY_F64.has(op) : false;
}

export function hasWasmBinary(op: string, dtype: string): boolean {
  return (dtype === 'float32' || dtype === 'float64') && BINARY.has(op);
}

export function hasWasmReduce(op: string, dtype: string): boolean {
  return (dtype === 'float32' || dtype === 'float64') && REDUCE.has(op);
}

/** Copies n elements of X from xi with stride xs into P from base. */
function gather(X: TypedArray, xi: number, xs: number, P: TypedArray, base: number, n: number): void {
  if (xs === 1) P.set(X.subarray(xi, xi + n), base);
  else for (let i = 0; i < n; i++) P[base + i] = X[xi + i * xs]!;
}

/**
 * op(x) over the view, row-major, into the array `output()` returns (called
 * only once the rows are known to be long enough). Returns false, having
 * allocated nothing, when they are too short to gain: the caller then runs
 * the TypeScript loop.
 */
export function wasmUnary(rt: WasmRuntime, op: string, x: StridedView, X: TypedArray, always: boolean, output: () => TypedArray): boolean {
  const dtype = x.storage.dtype as Float;
  const rows = coalesce(x.shape, [x.strides, contiguousStrides(x.shape)]);
  const last = rows.shape.length - 1;
  const n = rows.shape[last]!;
  if (!always && n < minRow(op)) return false;
  const out = output();
  const xs = rows.strides[0]![last]!;
  const bytes = dtype === 'float32' ? 4 : 8;
  rt.reset();
  const inAt = rt.alloc(CHUNK * bytes);
  const outAt = rt.alloc(CHUNK * bytes);
  const P = dtype === 'float32' ? rt.f32 : rt.f64;
  const fn = rt.kernels[`u_${op}_${suffix(dtype)}`]!;
  const inBase = inAt / bytes;
  const outBase = outAt / bytes;
  forEachRow(rows, [x.offset, 0], (o) => {
    for (let s = 0; s < n; s += CHUNK) {
      const len = Math.min(CHUNK, n - s);
      gather(X, o[0]! + s * xs, xs, P, inBase, len);
      fn(inAt, outAt, Math.ceil((len * bytes) / 16));
      out.set(P.subarray(outBase, outBase + len), o[1]! + s);
    }
  });
  return true;
}

/** op(a, b) with broadcasting by strides (a number is a stride-0 operand), as wasmUnary: false when rows are too short. */
export function wasmBinary(rt: WasmRuntime, op: string, a: Operand, b: Operand, A: TypedArray | null, B: TypedArray | null, shape: readonly number[], dtype: Float, always: boolean, output: () => TypedArray): boolean {
  const zero = shape.map(() => 0);
  const aStrides = typeof a === 'number' ? zero : a.strides;
  const bStrides = typeof b === 'number' ? zero : b.strides;
  const rows = coalesce(shape, [aStrides, bStrides, contiguousStrides(shape)]);
  const last = rows.shape.length - 1;
  const n = rows.shape[last]!;
  if (!always && n < minRow(op)) return false;
  const out = output();
  const as = rows.strides[0]![last]!;
  const bs = rows.strides[1]![last]!;
  const bytes = dtype === 'float32' ? 4 : 8;
  const lanes = 16 / bytes;
  rt.reset();
  const aAt = rt.alloc(CHUNK * bytes);
  const bAt = rt.alloc(CHUNK * bytes);
  const outAt = rt.alloc(CHUNK * bytes);
  const P = dtype === 'float32' ? rt.f32 : rt.f64;
  const fn = rt.kernels[`b_${op}_${suffix(dtype)}`]!;
  const [aBase, bBase, outBase] = [aAt / bytes, bAt / bytes, outAt / bytes];
  // A scalar along the row is written once per row, replicated over one vector, and read with step 0.
  const load = (v: Operand, V: TypedArray | null, at: number, stride: number, base: number, len: number): void => {
    if (typeof v === 'number') P.fill(v, base, base + lanes);
    else if (stride === 0) P.fill(V![at]!, base, base + lanes);
    else gather(V!, at, stride, P, base, len);
  };
  const aOffset = typeof a === 'number' ? 0 : a.offset;
  const bOffset = typeof b === 'number' ? 0 : b.offset;
  forEachRow(rows, [aOffset, bOffset, 0], (o) => {
    for (let s = 0; s < n; s += CHUNK) {
      const len = Math.min(CHUNK, n - s);
      load(a, A, o[0]! + s * as, as, aBase, len);
      load(b, B, o[1]! + s * bs, bs, bBase, len);
      fn(aAt, as === 0 ? 0 : 16, bAt, bs === 0 ? 0 : 16, outAt, Math.ceil(len / lanes));
      out.set(P.subarray(outBase, outBase + len), o[2]! + s);
    }
  });
  return true;
}

const IDENTITY: Record<string, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };

/**
 * A reducer of one contiguous row to a float64 (sums of float32 in float64),
 * for reduce.ts; the row is fed through scratch in chunks padded to 64 bytes
 * with the op's identity.
 */
export function wasmRowReducer(rt: WasmRuntime, op: string, dtype: Float): (X: TypedArray, start: number, len: number) => number {
  const bytes = dtype === 'float32' ? 4 : 8;
  const block = 64 / bytes;
  const fn = rt.kernels[`r_${op}_${suffix(dtype)}`]!;
  const identity = IDENTITY[op]!;
  rt.reset();
  const at = rt.alloc(CHUNK * bytes);
  const base = at / bytes;
  const P = dtype === 'float32' ? rt.f32 : rt.f64;
  return (X, start, len) => {
    let acc = identity;
    for (let s = 0; s < len; s += CHUNK) {
      const n = Math.min(CHUNK, len - s);
      P.set(X.subarray(start + s, start + s + n), base);
      const padded = Math.ceil(n / block) * block;
      if (padded > n) P.fill(identity, base + n, base + padded);
      const r = fn(at, padded / block) as number;
      if (op === 'sum') acc += r;
      else if (op === 'prod') acc *= r;
      // NaN propagates: once stored it never compares greater or less.
      else if (op === 'max') acc = r > acc || r !== r ? r : acc;
      else acc = r < acc || r !== r ? r : acc;
    }
    return acc;
  };
}

/**
 * An accumulator for reduce.ts: acc[oi + i] = op(acc[oi + i], X[xi + i]) for
 * i < len, both contiguous (a reduction over a leading axis, e.g. a bias
 * gradient summed over the batch). Chunks of acc and X pass through scratch.
 */
export function wasmRowAccumulator(rt: WasmRuntime, op: string, dtype: Float): (X: TypedArray, xi: number, acc: Float64Array, oi: number, len: number) => void {
  const bytes = dtype === 'float32' ? 4 : 8;
  const fn = rt.kernels[`a_${op}_${suffix(dtype)}`]!;
  rt.reset();
  const xAt = rt.alloc(CHUNK * bytes);
  const accAt = rt.alloc(CHUNK * 8);
  const P = dtype === 'float32' ? rt.f32 : rt.f64;
  const A = rt.f64;
  const [xBase, accBase] = [xAt / bytes, accAt / 8];
  return (X, xi, acc, oi, len) => {
    for (let s = 0; s < len; s += CHUNK) {
      const n = Math.min(CHUNK, len - s);
      P.set(X.subarray(xi + s, xi + s + n), xBase);
      A.set(acc.subarray(oi + s, oi + s + n), accBase);
      fn(xAt, accAt, Math.ceil(n / 2));
      acc.set(A.subarray(accBase, accBase + n), oi + s);
    }
  };
}
