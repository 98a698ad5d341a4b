/** Copies, casts, device moves and reading values out. */
import { arrayTypeFor, DTYPES, type DType, isFloatingPoint } from '../dtype.js';
import { checkAllocation, contiguousStrides, formatShape, MAX_NUMEL, numelOf, preservedStrides, shapeFromArgs, shapesEqual, valueTypeName } from '../shape.js';
import { backendFor } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { fullStorage, runCast, runContiguous, runCopyInLayout, storageFromArray, wrap } from '../dispatch/kernels.js';
import { RuntimeError, TypeError } from '../errors.js';
import { CLONE_RULE, TO_COPY_RULE } from './kernel-rules.js';
import { recordRule } from './rule.js';

/**
 * A copy with its own storage that keeps `x`'s memory layout, as
 * torch.clone (memory_format=preserve): x's strides when x is dense, else
 * dense strides ordering the dimensions as x's do (a clone of a transposed
 * tensor is transposed). The gradient passes through unchanged (CLONE_RULE).
 */
export function clone(x: Tensor): Tensor {
  const strides = preservedStrides(x.shape, x._strides);
  const out = shapesEqual(strides, contiguousStrides(x.shape)) ? runContiguous(x) : runCopyInLayout(x, x._view, strides);
  return recordRule(CLONE_RULE, [x], out, null);
}

/** A row-major copy (what `contiguous()` makes of a tensor that is not), recorded as PyTorch's CloneBackward0. */
export function contiguousCopy(x: Tensor): Tensor {
  return recordRule(CLONE_RULE, [x], runContiguous(x), null);
}

/** Casts to a dtype or copies to a device (a registered backend's name). Returns `x` itself when nothing changes. */
export function to(x: Tensor, target: string): Tensor {
  if ((DTYPES as readonly string[]).includes(target)) {
    const dtype = target as DType;
    if (dtype === x.dtype) return x;
    const out = runCast(x, dtype);
    // Only a floating-point result can carry a gradient.
    return isFloatingPoint(dtype) ? recordRule(TO_COPY_RULE, [x], out, { from: x.dtype }) : out;
  }
  if (typeof target !== 'string') throw new TypeError(`to() expects a dtype (${DTYPES.join(', ')}) or a device name, got ${valueTypeName(target)}`);
  if (target === x.device) return x;
  const dest = backendFor(target);
  const out = wrap(dest, storageFromArray(dest, x._readHost(), x.dtype), x.shape, x.dtype);
  return recordRule(TO_COPY_RULE, [x], out, { from: x.device });
}

/** A new tensor on `like`'s device. */
export function newFull(like: Tensor, shape: readonly number[], value: number, dtype: DType): Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TypeError(`new_full(): argument 'fill_value' must be Number, not ${valueTypeName(value)}`);
  }
  const dims = shapeFromArgs([shape]);
  checkAllocation(dims, dtype);
  arrayTypeFor(dtype);
  const b = like._backend;
  return wrap(b, fullStorage(b, numelOf(dims), value, dtype), dims, dtype);
}

/** Nested arrays (numbers, or booleans for bool tensors); a 0-d tensor gives its value. */
export function toNested(x: Tensor): unknown {
  const flat = x._readHost();
  const isBool = x.dtype === 'bool';
  const shape = x.shape;
  if (shape.length === 0) return isBool ? flat[0] !== 0 : flat[0];
  // An empty tensor may still have huge leading sizes ([1e12, 0]): its nested lists would not fit in memory.
  const lists = shape.slice(0, -1).reduce((acc, d, i) => acc + shape.slice(0, i + 1).reduce((p, q) => p * q, 1), 1);
  if (lists > MAX_NUMEL) throw new RuntimeError(`tolist(): a tensor of shape ${formatShape(shape)} would need ${lists} nested arrays`);
  let pos = 0;
  const build = (d: number): unknown[] => {
    const n = shape[d]!;
    const out = new Array<unknown>(n);
    if (d === shape.length - 1) {
      for (let i = 0; i < n; i++) {
        const v = flat[pos++]!;
        out[i] = isBool ? v !== 0 : v;
      }
    } else {
      for (let i = 0; i < n; i++) out[i] = build(d + 1);
    }
    return out;
  };
  return build(0);
}
