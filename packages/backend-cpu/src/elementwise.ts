/** Elementwise kernels over strided views: unary, binary, compare, where, and the copies (contiguous, cast, assign). */
import type { DType, Operand, StridedView, TypedArray } from '@grad/core';
import type { BinaryRow, UnaryRow } from './codegen.js';
import { coalesce, contiguousStrides, forEachRow, isDense, numel } from './strided.js';
import type { CpuMemory, CpuStorage } from './storage.js';

/** The typed array behind a view's storage. */
export function dataOf(v: StridedView): TypedArray {
  return (v.storage as CpuStorage).data;
}

/** A number operand as a one-element array with stride 0 everywhere. */
function operandParts(op: Operand, shape: readonly number[], dtypeArray: TypedArray): { data: TypedArray; strides: readonly number[]; offset: number } {
  if (typeof op === 'number') {
    const data = new (dtypeArray.constructor as new (n: number) => TypedArray)(1);
    data[0] = op;
    return { data, strides: shape.map(() => 0), offset: 0 };
  }
  return { data: dataOf(op), strides: op.strides, offset: op.offset };
}

export function unaryKernel(mem: CpuMemory, row: UnaryRow, x: StridedView, outDtype: DType): CpuStorage {
  const out = mem.allocate(outDtype, numel(x.shape));
  const X = dataOf(x);
  if (isDense(x, x.shape)) {
    row(X, x.offset, 1, out.data, 0, out.length);
    return out;
  }
  const rows = coalesce(x.shape, [x.strides, contiguousStrides(x.shape)]);
  const n = rows.shape[rows.shape.length - 1]!;
  const xs = rows.strides[0]![rows.shape.length - 1]!;
  forEachRow(rows, [x.offset, 0], (o) => row(X, o[0]!, xs, out.data, o[1]!, n));
  return out;
}

export function binaryKernel(mem: CpuMemory, row: BinaryRow, a: Operand, b: Operand, shape: readonly number[], inDtype: DType, outDtype: DType): CpuStorage {
  const out = mem.allocate(outDtype, numel(shape));
  if (out.length === 0) return out;
  if (typeof a !== 'number' && typeof b !== 'number' && isDense(a, shape) && isDense(b, shape)) {
    row(dataOf(a), a.offset, 1, dataOf(b), b.offset, 1, out.data, 0, out.length);
    return out;
  }
  const probe = new (arrayTypeOf(inDtype))(0);
  const A = operandParts(a, shape, probe);
  const B = operandParts(b, shape, probe);
  const rows = coalesce(shape, [A.strides, B.strides, contiguousStrides(shape)]);
  const last = rows.shape.length - 1;
  const n = rows.shape[last]!;
  const as = rows.strides[0]![last]!;
  const bs = rows.strides[1]![last]!;
  forEachRow(rows, [A.offset, B.offset, 0], (o) => row(A.data, o[0]!, as, B.data, o[1]!, bs, out.data, o[2]!, n));
  return out;
}

function arrayTypeOf(dtype: DType): new (n: number) => TypedArray {
  return dtype === 'float32' ? Float32Array : dtype === 'float64' ? Float64Array : dtype === 'int32' ? Int32Array : Uint8Array;
}

export function whereKernel(mem: CpuMemory, cond: StridedView, a: Operand, b: Operand, shape: readonly number[], dtype: DType): CpuStorage {
  const out = mem.allocate(dtype, numel(shape));
  if (out.length === 0) return out;
  const probe = new (arrayTypeOf(dtype))(0);
  const A = operandParts(a, shape, probe);
  const B = operandParts(b, shape, probe);
  const C = dataOf(cond);
  const rows = coalesce(shape, [cond.strides, A.strides, B.strides, contiguousStrides(shape)]);
  const last = rows.shape.length - 1;
  const n = rows.shape[last]!;
  const [cs, as, bs] = [rows.strides[0]![last]!, rows.strides[1]![last]!, rows.strides[2]![last]!];
  const O = out.data;
  forEachRow(rows, [cond.offset, A.offset, B.offset, 0], (o) => {
    const [ci, ai, bi, oi] = o as [number, number, number, number];
    for (let i = 0; i < n; i++) O[oi + i] = C[ci + i * cs] ? A.data[ai + i * as]! : B.data[bi + i * bs]!;
  });
  return out;
}

/** Copies a view row-major into `out` (converting to out's element type; bool outputs are 0/1). */
function copyInto(x: StridedView, O: TypedArray, toBool: boolean): void {
  const X = dataOf(x);
  const rows = coalesce(x.shape, [x.strides, contiguousStrides(x.shape)]);
  const last = rows.shape.length - 1;
  const n = rows.shape[last]!;
  const xs = rows.strides[0]![last]!;
  if (numel(x.shape) === 0) return;
  forEachRow(rows, [x.offset, 0], (o) => {
    const xi = o[0]!;
    const oi = o[1]!;
    if (toBool) for (let i = 0; i < n; i++) O[oi + i] = X[xi + i * xs] !== 0 ? 1 : 0;
    else if (xs === 1 && O.constructor === X.constructor) O.set(X.subarray(xi, xi + n), oi);
    // A broadcast row (an expanded gradient made contiguous) is one fill.
    else if (xs === 0) O.fill(X[xi]!, oi, oi + n);
    else for (let i = 0; i < n; i++) O[oi + i] = X[xi + i * xs]!;
  });
}

export function contiguousKernel(mem: CpuMemory, x: StridedView): CpuStorage {
  const out = mem.allocate(x.storage.dtype, numel(x.shape));
  copyInto(x, out.data, false);
  return out;
}

export function castKernel(mem: CpuMemory, x: StridedView, dtype: DType): CpuStorage {
  const out = mem.allocate(dtype, numel(x.shape));
  copyInto(x, out.data, dtype === 'bool' && x.storage.dtype !== 'bool');
  return out;
}

/** Writes src into dst's strided positions. */
export function assignKernel(dst: StridedView, src: Operand): void {
  const D = dataOf(dst);
  if (numel(dst.shape) === 0) return;
  const toBool = dst.storage.dtype === 'bool';
  if (typeof src === 'number') {
    const v = toBool ? (src !== 0 ? 1 : 0) : src;
    const rows = coalesce(dst.shape, [dst.strides]);
    const last = rows.shape.length - 1;
    const n = rows.shape[last]!;
    const ds = rows.strides[0]![last]!;
    forEachRow(rows, [dst.offset], (o) => {
      const di = o[0]!;
      if (ds === 1) D.fill(v, di, di + n);
      else for (let i = 0; i < n; i++) D[di + i * ds] = v;
    });
    return;
  }
  const S = dataOf(src);
  // If dst and src share memory and overlap, read a snapshot first.
  const source = S === D ? S.slice() : S;
  const rows = coalesce(dst.shape, [dst.strides, src.strides]);
  const last = rows.shape.length - 1;
  const n = rows.shape[last]!;
  const ds = rows.strides[0]![last]!;
  const ss = rows.strides[1]![last]!;
  forEachRow(rows, [dst.offset, src.offset], (o) => {
    const di = o[0]!;
    const si = o[1]!;
    if (toBool) for (let i = 0; i < n; i++) D[di + i * ds] = source[si + i * ss] !== 0 ? 1 : 0;
    // A contiguous run is one memcpy (an optimizer's in-place update of a whole parameter).
    else if (ds === 1 && ss === 1) D.set(source.subarray(si, si + n), di);
    else for (let i = 0; i < n; i++) D[di + i * ds] = source[si + i * ss]!;
  });
}
