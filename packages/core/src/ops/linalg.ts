/**
 * Matrix products. One batched kernel does them all; 1-D operands are viewed
 * as a row or column and the extra dimension dropped afterwards, as
 * torch.matmul documents. The rule (∂(A·B)/∂A = G·Bᵀ, ∂(A·B)/∂B = Aᵀ·G) is
 * MATMUL_RULE in kernel-rules.ts.
 */
import { isFloatingPoint, resultType } from '../dtype.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, numelOf, viewStrides } from '../shape.js';
import type { StridedView } from '../backend/backend.js';
import { tensorArg } from './arguments.js';
import { Tensor } from '../tensor/tensor.js';
import { checkDtype, commonBackend, contiguousStorage, freeStorage, matmulStorage, viewAs, wrap } from '../dispatch/kernels.js';
import { RuntimeError, TypeError } from '../errors.js';
import { OpNode } from '../autograd/op-node.js';
import { MATMUL_RULE } from './kernel-rules.js';
import { recordRule } from './rule.js';

/** [...batch, M, K] as a 3-D view [B, M, K] at the broadcast batch shape, copying only if the strides demand it. */
function asBatched(v: StridedView, batch: readonly number[], dtypeMatches: boolean, backend: Tensor['_backend']): { view: StridedView; temp: boolean } {
  const rows = v.shape[v.shape.length - 2]!;
  const cols = v.shape[v.shape.length - 1]!;
  const full = [...batch, rows, cols];
  const strides = broadcastStrides(v.shape, v.strides, full);
  const b = numelOf(batch);
  const merged = viewStrides(full, strides, [b, rows, cols]);
  if (merged) return { view: { storage: v.storage, shape: [b, rows, cols], strides: merged, offset: v.offset }, temp: !dtypeMatches };
  const storage = contiguousStorage(backend, { storage: v.storage, shape: full, strides, offset: v.offset });
  if (!dtypeMatches) freeStorage(backend, v.storage);
  return { view: { storage, shape: [b, rows, cols], strides: contiguousStrides([b, rows, cols]), offset: 0 }, temp: true };
}

/** The product of `dims` (a folded batch's row count). */
const productOf = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

/**
 * Inner sizes that do not match: PyTorch's text for the path its matmul takes
 * for these ranks. 2-D × 1-D is mv; 1-D × 2-D and 2-D × 2-D are mm; an N-D
 * operand against a 1-D or 2-D one is folded into rows (the other side
 * transposed when the N-D one is second) and goes through mv or mm; two
 * batched operands broadcast their batches (a mismatch there is reported
 * first) and go through bmm.
 */
function matmulShapeError(a: Tensor, b: Tensor): never {
  const mv = (rows: number, cols: number, len: number): never => {
    throw new RuntimeError(`size mismatch, got ${rows}, ${rows}x${cols},${len}`);
  };
  const mm = (m: number, k1: number, k2: number, n: number): never => {
    throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${m}x${k1} and ${k2}x${n})`);
  };
  const [as, bs] = [a.shape, b.shape];
  if (a.ndim <= 2 && b.ndim <= 2) {
    if (a.ndim === 2 && b.ndim === 1) mv(as[0]!, as[1]!, bs[0]!);
    if (a.ndim === 1) mm(1, as[0]!, bs[0]!, bs[1]!);
    mm(as[0]!, as[1]!, bs[0]!, bs[1]!);
  }
  if (b.ndim <= 2) {
    // a folded to [batch·M, K].
    const rows = productOf(as.slice(0, -1));
    if (b.ndim === 1) mv(rows, as[as.length - 1]!, bs[0]!);
    mm(rows, as[as.length - 1]!, bs[0]!, bs[1]!);
  }
  if (a.ndim <= 2) {
    // (A·B)ᵀ = Bᵀ·Aᵀ with Bᵀ folded to [batch·N, K].
    const rows = productOf(bs.slice(0, -2)) * bs[bs.length - 1]!;
    const k2 = bs[bs.length - 2]!;
    if (a.ndim === 1) mv(rows, k2, as[0]!);
    mm(rows, k2, as[1]!, as[0]!);
  }
  const batch = productOf(broadcastShapes(as.slice(0, -2), bs.slice(0, -2)));
  throw new RuntimeError(
    `Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${as[as.length - 1]}] but got: [${batch}, ${bs[bs.length - 2]}].`,
  );
}

/**
 * @internal The product on the batched kernel, for the shapes PyTorch's own
 * products take: 1-D·1-D (dot, DotBackward0), 2-D·1-D (mv, MvBackward0),
 * 2-D·2-D (mm, MmBackward0) and 3-D·3-D with equal batches (bmm,
 * BmmBackward0); one node, MATMUL_RULE.
 */
export function product(a: Tensor, b: Tensor): Tensor {
  const backend = commonBackend(a, b);
  const dtype = a.dtype;
  const aShape = a.ndim === 1 ? [1, a.shape[0]!] : [...a.shape];
  const bShape = b.ndim === 1 ? [b.shape[0]!, 1] : [...b.shape];
  const m = aShape[aShape.length - 2]!;
  const n = bShape[bShape.length - 1]!;
  const batch = broadcastShapes(aShape.slice(0, -2), bShape.slice(0, -2));
  const av = viewAs(a, dtype);
  const bv = viewAs(b, dtype);
  const A = asBatched({ ...av, shape: aShape, strides: a.ndim === 1 ? [0, av.strides[0]!] : av.strides }, batch, av.storage === a._ref.storage, backend);
  const B = asBatched({ ...bv, shape: bShape, strides: b.ndim === 1 ? [bv.strides[0]!, 0] : bv.strides }, batch, bv.storage === b._ref.storage, backend);
  const storage = matmulStorage(backend, A.view, B.view);
  if (A.temp) freeStorage(backend, A.view.storage);
  if (B.temp) freeStorage(backend, B.view.storage);
  const outShape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  const out = wrap(backend, storage, outShape, dtype);
  const node = a.ndim === 1 ? 'DotBackward0' : b.ndim === 1 ? 'MvBackward0' : a.ndim === 2 ? 'MmBackward0' : 'BmmBackward0';
  return recordRule(MATMUL_RULE, [a, b], out, { aIs1d: a.ndim === 1, bIs1d: b.ndim === 1, node });
}

/**
 * Names the node the op that made `t` just recorded (not one `t` shares
 * with `from`) as PyTorch's kernel names it: matmul squeezes in place
 * (squeeze_, SqueezeBackward3) and reshapes its result with _unsafe_view
 * (UnsafeViewBackward0), where grad calls squeeze and reshape.
 */
function named(t: Tensor, from: Tensor, name: string): Tensor {
  const node = t._gradFn;
  if (node instanceof OpNode && node !== from._gradFn) node._rename(name);
  return t;
}

/**
 * The checks every product makes, in PyTorch's order: float dtypes, one
 * dtype, a dtype the backend holds, matching inner sizes. Returns the
 * inner size.
 */
function checkOperands(a: Tensor, b: Tensor): number {
  const backend = commonBackend(a, b);
  const dtype = resultType(a, b);
  if (!isFloatingPoint(dtype)) throw new TypeError(`matmul is only supported for floating point tensors here, got ${dtype}`);
  if (a.dtype !== b.dtype) {
    throw new TypeError(`expected m1 and m2 to have the same dtype, but got: ${a.dtype} != ${b.dtype}`);
  }
  checkDtype(backend, dtype);
  const k = a.shape[a.ndim - 1]!;
  const k2 = b.shape[b.ndim === 1 ? 0 : b.ndim - 2]!;
  if (k !== k2) {
    if (a.ndim === 1 && b.ndim === 1) {
      throw new RuntimeError(`inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
    }
    matmulShapeError(a, b);
  }
  return k;
}

/**
 * torch.matmul, taking PyTorch's path for the ranks, so the graph holds the
 * nodes PyTorch records:
 * - ranks ≤ 2: dot, mv, mm; 1-D·2-D is the row [1, K]·B, squeezed;
 * - an N-D operand (N ≥ 3) against a 1-D or 2-D one is folded into rows
 *   ([batch·M, K]) and goes through mm or mv, then is viewed back
 *   (UnsafeViewBackward0). When the N-D operand is second, (A·B)ᵀ = Bᵀ·Aᵀ
 *   folds Bᵀ and transposes the result back (a copy, as PyTorch);
 * - two N-D operands broadcast their batches (expand), fold them into one
 *   ([B, M, K] · [B, K, N], a copy where a broadcast batch cannot be
 *   viewed) and go through bmm.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  tensorArg('matmul', 'input', 0, a);
  tensorArg('matmul', 'other', 1, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  }
  const k = checkOperands(a, b);
  if (a.ndim <= 2 && b.ndim <= 2) {
    if (a.ndim === 1 && b.ndim === 2) {
      const row = product(a.unsqueeze(0), b);
      return named(row.squeeze(0), row, 'SqueezeBackward3');
    }
    return product(a, b);
  }
  if (b.ndim <= 2) {
    const out = product(a.reshape([-1, k]), b);
    return named(out.reshape([...a.shape.slice(0, -1), ...(b.ndim === 2 ? [b.shape[1]!] : [])]), out, 'UnsafeViewBackward0');
  }
  if (a.ndim <= 2) {
    const bT = b.transpose(-1, -2);
    const out = product(bT.reshape([-1, k]), a.ndim === 2 ? a.t() : a);
    const folded = named(out.reshape([...bT.shape.slice(0, -1), ...(a.ndim === 2 ? [a.shape[0]!] : [])]), out, 'UnsafeViewBackward0');
    return a.ndim === 2 ? folded.transpose(-1, -2).contiguous() : folded;
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const count = numelOf(batch);
  const [m, n] = [a.shape[a.ndim - 2]!, b.shape[b.ndim - 1]!];
  const a3 = a.expand([...batch, m, k]).reshape([count, m, k]);
  const b3 = b.expand([...batch, k, n]).reshape([count, k, n]);
  const out = product(a3, b3);
  return named(out.reshape([...batch, m, n]), out, 'UnsafeViewBackward0');
}

/** 2-D × 2-D, with PyTorch's checks. */
export function mm(a: Tensor, b: Tensor): Tensor {
  tensorArg('mm', 'input', 0, a);
  tensorArg('mm', 'other', 1, b);
  if (a.ndim !== 2) throw new RuntimeError('self must be a matrix');
  if (b.ndim !== 2) throw new RuntimeError('mat2 must be a matrix');
  checkOperands(a, b);
  return product(a, b);
}

/** 3-D × 3-D with equal batch sizes. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  tensorArg('bmm', 'input', 0, a);
  tensorArg('bmm', 'other', 1, b);
  if (a.ndim !== 3) throw new RuntimeError(`batch1 must be a 3D tensor`);
  if (b.ndim !== 3) throw new RuntimeError(`batch2 must be a 3D tensor`);
  if (a.shape[0] !== b.shape[0]) {
    throw new RuntimeError(`Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  checkOperands(a, b);
  return product(a, b);
}

/** Matrix × vector. */
export function mv(a: Tensor, v: Tensor): Tensor {
  tensorArg('mv', 'input', 0, a);
  tensorArg('mv', 'vec', 1, v);
  if (a.ndim !== 2 || v.ndim !== 1) {
    throw new RuntimeError(`vector + matrix @ vector expected, got ${a.ndim}, ${v.ndim}`);
  }
  checkOperands(a, v);
  return product(a, v);
}

/** Inner product of two 1-D tensors. */
export function dot(a: Tensor, b: Tensor): Tensor {
  tensorArg('dot', 'input', 0, a);
  tensorArg('dot', 'other', 1, b);
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new RuntimeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  }
  checkOperands(a, b);
  return product(a, b);
}

/** Outer product of two 1-D tensors: a column times a row (broadcast multiply), the column made by reshape as PyTorch's outer does. */
export function outer(a: Tensor, b: Tensor): Tensor {
  tensorArg('outer', 'input', 0, a);
  tensorArg('outer', 'other', 1, b);
  if (a.ndim !== 1 || b.ndim !== 1) throw new RuntimeError('outer: expected 1D tensors');
  return a.reshape([-1, 1]).mul(b);
}
