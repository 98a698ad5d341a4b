/**
 * The dispatch module: the only place in core that calls a backend's kernels
 * and memory functions (ESLint refuses `.kernels` anywhere else in core).
 * Every op goes through here, so this is the single home for the device and
 * dtype checks, for temporaries (casts, broadcast operands) and their release,
 * and for any fast path that skips work for a common case. Nothing here
 * records a graph: ops do that, from their rule tables.
 */
import type { ArgReduceOp, Backend, BinaryOp, CompareOp, Operand, ReduceOp, StridedView, Storage, UnaryOp } from '../backend/backend.js';
import type { DType, TypedArray } from '../dtype.js';
import { broadcastShapes, checkAllocation } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { asTensor, checkDtype, commonBackend, operand, releaseOperand, releaseView, viewAs, wrap } from './operands.js';

export { asTensor, checkDtype, commonBackend, releaseView, viewAs, wrap } from './operands.js';

type Arg = Tensor | number;

const shapeOf = (x: Arg | boolean): readonly number[] => (x instanceof Tensor ? x.shape : []);

/** `op(x)` elementwise, in `x`'s dtype (bool for `logicalNot`). */
export function runUnary(op: UnaryOp, x: Tensor): Tensor {
  const b = x._backend;
  return wrap(b, b.kernels.unary(op, x._view), x.shape, op === 'logicalNot' ? 'bool' : x.dtype);
}

/** `op(a, b)` at the broadcast shape, both operands cast to `dtype`. */
export function runBinary(op: BinaryOp, a: Arg, b: Arg, dtype: DType): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) a = asTensor(a, null, dtype);
  const backend = commonBackend(a, b);
  checkDtype(backend, dtype);
  const shape = broadcastShapes(shapeOf(a), shapeOf(b));
  checkAllocation(shape, dtype);
  const A = operand(a, dtype, shape);
  const B = operand(b, dtype, shape);
  const storage = backend.kernels.binary(op, A, B, shape, dtype);
  releaseOperand(backend, A, a);
  releaseOperand(backend, B, b);
  return wrap(backend, storage, shape, dtype);
}

/** `op(a, b)` compared in `dtype` at the broadcast shape; a bool tensor. */
export function runCompare(op: CompareOp, a: Arg, b: Arg, dtype: DType): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) a = asTensor(a, null);
  const backend = commonBackend(a, b);
  const shape = broadcastShapes(shapeOf(a), shapeOf(b));
  const A = operand(a, dtype, shape);
  const B = operand(b, dtype, shape);
  const storage = backend.kernels.compare(op, A, B, shape, dtype);
  releaseOperand(backend, A, a);
  releaseOperand(backend, B, b);
  return wrap(backend, storage, shape, 'bool');
}

/** `cond ? a : b` at the broadcast shape of all three, in `dtype`. */
export function runWhere(cond: Tensor, a: Arg, b: Arg, dtype: DType): Tensor {
  const backend = commonBackend(cond, a, b);
  checkDtype(backend, dtype);
  const shape = broadcastShapes(broadcastShapes(cond.shape, shapeOf(a)), shapeOf(b));
  const C = operand(cond, 'bool', shape) as StridedView;
  const A = operand(a, dtype, shape);
  const B = operand(b, dtype, shape);
  const storage = backend.kernels.where(C, A, B, shape, dtype);
  releaseOperand(backend, C, cond);
  releaseOperand(backend, A, a);
  releaseOperand(backend, B, b);
  return wrap(backend, storage, shape, dtype);
}

/** `op` over `axes` (sorted, unique, non-empty); the result drops those axes. */
export function runReduce(op: ReduceOp, x: Tensor, axes: readonly number[], dtype: DType = x.dtype): Tensor {
  const b = x._backend;
  const storage = b.kernels.reduce(op, x._view, axes);
  return wrap(b, storage, x.shape.filter((_, i) => !axes.includes(i)), dtype);
}

/** Index (int32) of the max/min along `axis`; the result drops that axis. */
export function runArgReduce(op: ArgReduceOp, x: Tensor, axis: number): Tensor {
  const b = x._backend;
  return wrap(b, b.kernels.argReduce(op, x._view, axis), x.shape.filter((_, i) => i !== axis), 'int32');
}

/** A row-major copy of `x` (or of any view of its storage, given as `view`) with `shape`. */
export function runContiguous(x: Tensor, view: StridedView = x._view, shape: readonly number[] = view.shape): Tensor {
  checkAllocation(shape, x.dtype);
  const b = x._backend;
  return wrap(b, b.kernels.contiguous(view), shape, x.dtype);
}

/** A row-major copy of a raw view, as a storage (for ops that assemble storages themselves). */
export function contiguousStorage(backend: Backend, view: StridedView): Storage {
  checkAllocation(view.shape, view.storage.dtype);
  return backend.kernels.contiguous(view);
}

/**
 * A copy of `source` (a view of `x`'s shape over `x`'s storage) laid out
 * with `outStrides`, dense strides ordering the dimensions in some way (a
 * preserved layout): the row-major copy of the source read with those
 * dimensions outermost first is exactly that memory.
 */
export function runCopyInLayout(x: Tensor, source: StridedView, outStrides: readonly number[]): Tensor {
  const order = x.shape.map((_, i) => i).sort((a, b) => outStrides[b]! - outStrides[a]!);
  const storage = contiguousStorage(x._backend, {
    storage: source.storage,
    shape: order.map((d) => x.shape[d]!),
    strides: order.map((d) => source.strides[d]!),
    offset: x.numel() ? source.offset : 0,
  });
  return Tensor._fromStorage(x._backend, storage, x.shape, x.dtype, outStrides);
}

/** `x` converted to `dtype`. */
export function runCast(x: Tensor, dtype: DType): Tensor {
  const b = x._backend;
  checkDtype(b, dtype);
  return wrap(b, b.kernels.cast(x._view, dtype), x.shape, dtype);
}

/** Batched matrix product of two [B, M, K] and [B, K, N] views of one float dtype. */
export function matmulStorage(backend: Backend, a: StridedView, b: StridedView): Storage {
  return backend.kernels.matmul(a, b);
}

/** Writes `src` (a tensor cast to `dst`'s dtype, broadcast to its shape, or a number) into the strided positions `dst`, in place. */
export function runAssign(backend: Backend, dst: StridedView, src: Tensor | number, dtype: DType, broadcastTo?: (v: StridedView) => StridedView): void {
  if (typeof src === 'number') {
    backend.kernels.assign(dst, src);
    return;
  }
  const v = viewAs(src, dtype);
  backend.kernels.assign(dst, broadcastTo ? broadcastTo(v) : v);
  releaseView(backend, v, src);
}

/** torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for dim 1; the result has index's shape. */
export function runGather(x: Tensor, dim: number, index: Tensor): Tensor {
  const backend = commonBackend(x, index);
  const idx = viewAs(index, 'int32');
  const storage = backend.kernels.gather(x._view, dim, idx);
  releaseView(backend, idx, index);
  return wrap(backend, storage, index.shape, x.dtype);
}

/** zeros(shape) with `src` added at the positions `index` names along `dim` (torch.scatter_add into zeros). */
export function runScatterAdd(shape: readonly number[], dim: number, index: Tensor, src: Tensor, dtype: DType): Tensor {
  const backend = commonBackend(index, src);
  const idx = viewAs(index, 'int32');
  const s = viewAs(src, dtype);
  const storage = backend.kernels.scatterAdd(shape, dim, idx, s);
  releaseView(backend, idx, index);
  releaseView(backend, s, src);
  return wrap(backend, storage, shape, dtype);
}

/** int32 indices that stably sort `x` along its last axis (NaN largest); x's shape. */
export function runArgsort(x: Tensor, descending: boolean): Tensor {
  const b = x._backend;
  return wrap(b, b.kernels.argsort(x._view, descending), x.shape, 'int32');
}

/** A new storage of `length` elements, each `value`. */
export function fullStorage(backend: Backend, length: number, value: number, dtype: DType): Storage {
  checkDtype(backend, dtype);
  checkAllocation([length], dtype);
  return backend.full(length, value, dtype);
}

/** A new storage holding a copy of `data`. */
export function storageFromArray(backend: Backend, data: TypedArray, dtype: DType): Storage {
  checkDtype(backend, dtype);
  return backend.fromArray(data, dtype);
}

/** The storage's contents on the host (a CPU backend may share its own array: copy before writing). */
export function readStorage(backend: Backend, storage: Storage): TypedArray {
  return backend.read(storage);
}

/** Frees a temporary storage now. */
export function freeStorage(backend: Backend, storage: Storage): void {
  backend.dispose(storage);
}

export type { Operand };
