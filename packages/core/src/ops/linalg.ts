/**
 * Matrix products. One batched kernel does them all; 1-D operands are viewed
 * as a row or column and the extra dimension dropped afterwards, as
 * torch.matmul documents. ∂(A·B)/∂A = G·Bᵀ, ∂(A·B)/∂B = Aᵀ·G.
 */
import { isFloatingPoint, resultType } from '../dtype.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, numelOf, viewStrides } from '../shape.js';
import type { StridedView } from '../backend/backend.js';
import { record } from '../autograd/record.js';
import { tensorArg } from './arguments.js';
import { Tensor } from '../tensor/tensor.js';
import { checkDtype, commonBackend, contiguousStorage, freeStorage, matmulStorage, viewAs, wrap } from '../dispatch/kernels.js';
import { RuntimeError, TypeError } from '../errors.js';

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

function matmulError(a: Tensor, b: Tensor, m: number, k1: number, k2: number, n: number): never {
  void a;
  void b;
  throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${m}x${k1} and ${k2}x${n})`);
}

/** The product for every case of torch.matmul, recorded as one node named after the case. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  tensorArg('matmul', 'input', 0, a);
  tensorArg('matmul', 'other', 1, b);
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  }
  const backend = commonBackend(a, b);
  const dtype = resultType(a, b);
  if (!isFloatingPoint(dtype)) throw new TypeError(`matmul is only supported for floating point tensors here, got ${dtype}`);
  if (a.dtype !== b.dtype) {
    throw new TypeError(`expected m1 and m2 to have the same dtype, but got: ${a.dtype} != ${b.dtype}`);
  }
  checkDtype(backend, dtype);
  const aShape = a.ndim === 1 ? [1, a.shape[0]!] : [...a.shape];
  const bShape = b.ndim === 1 ? [b.shape[0]!, 1] : [...b.shape];
  const m = aShape[aShape.length - 2]!;
  const k = aShape[aShape.length - 1]!;
  const k2 = bShape[bShape.length - 2]!;
  const n = bShape[bShape.length - 1]!;
  if (k !== k2) {
    if (a.ndim === 1 && b.ndim === 1) {
      throw new RuntimeError(`inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
    }
    matmulError(a, b, m, k, k2, n);
  }
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
  const name =
    a.ndim === 1 && b.ndim === 1 ? 'DotBackward0' : a.ndim === 2 && b.ndim === 1 ? 'MvBackward0' : a.ndim === 2 && b.ndim === 2 ? 'MmBackward0' : a.ndim <= 2 || b.ndim <= 2 ? 'MatmulBackward0' : 'BmmBackward0';
  const aIs1d = a.ndim === 1;
  const bIs1d = b.ndim === 1;
  // ∂/∂A needs B and ∂/∂B needs A: save only what the gradients that will be asked for need, as PyTorch does.
  const needA = a.requiresGrad;
  const needB = b.requiresGrad;
  record({
    name,
    inputs: [a, b],
    outputs: [out],
    save: needA && needB ? [a, b] : needA ? [b] : [a],
    backward: ([g], saved, needs) => {
      const a0 = needB ? saved[0] : undefined;
      const b0 = needA ? saved[needB ? 1 : 0] : undefined;
      // Restore the dimensions 1-D operands lost, then G·Bᵀ and Aᵀ·G (the engine sums broadcast batches).
      const A2 = a0 === undefined ? undefined : aIs1d ? a0.unsqueeze(0) : a0;
      const B2 = b0 === undefined ? undefined : bIs1d ? b0.unsqueeze(-1) : b0;
      let G = g!;
      if (aIs1d) G = G.unsqueeze(bIs1d ? -1 : -2);
      if (bIs1d) G = G.unsqueeze(-1);
      if (aIs1d && bIs1d) G = g!.reshape([1, 1]);
      let ga = needs[0] ? matmul(G, B2!.transpose(-1, -2)) : null;
      let gb = needs[1] ? matmul(A2!.transpose(-1, -2), G) : null;
      if (ga && aIs1d) ga = ga.squeeze(-2);
      if (gb && bIs1d) gb = gb.squeeze(-1);
      return [ga, gb];
    },
  });
  return out;
}

/** 2-D × 2-D, with PyTorch's checks. */
export function mm(a: Tensor, b: Tensor): Tensor {
  tensorArg('mm', 'input', 0, a);
  tensorArg('mm', 'other', 1, b);
  if (a.ndim !== 2) throw new RuntimeError('self must be a matrix');
  if (b.ndim !== 2) throw new RuntimeError('mat2 must be a matrix');
  return matmul(a, b);
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
  return matmul(a, b);
}

/** Matrix × vector. */
export function mv(a: Tensor, v: Tensor): Tensor {
  tensorArg('mv', 'input', 0, a);
  tensorArg('mv', 'vec', 1, v);
  if (a.ndim !== 2 || v.ndim !== 1) {
    throw new RuntimeError(`vector + matrix @ vector expected, got ${a.ndim}, ${v.ndim}`);
  }
  return matmul(a, v);
}

/** Inner product of two 1-D tensors. */
export function dot(a: Tensor, b: Tensor): Tensor {
  tensorArg('dot', 'input', 0, a);
  tensorArg('dot', 'other', 1, b);
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new RuntimeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  }
  return matmul(a, b);
}

/** Outer product of two 1-D tensors: a column times a row (broadcast multiply). */
export function outer(a: Tensor, b: Tensor): Tensor {
  tensorArg('outer', 'input', 0, a);
  tensorArg('outer', 'other', 1, b);
  if (a.ndim !== 1 || b.ndim !== 1) throw new RuntimeError('outer: expected 1D tensors');
  return a.unsqueeze(1).mul(b);
}
