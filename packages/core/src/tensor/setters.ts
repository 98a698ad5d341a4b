/**
 * What assigning to a tensor's `.grad` and `.data` checks and does, as
 * PyTorch does it (kept out of tensor.ts, which holds the tensor itself).
 */
import { isFloatingPoint } from '../dtype.js';
import { ONLY_FLOAT_GRAD_MESSAGE } from '../autograd/errors.js';
import { RuntimeError, TypeError } from '../errors.js';
import { Tensor } from './tensor.js';
import { trackHolder, untrackHolder } from './storage-ref.js';

/** Refuses a `.grad` of another device, dtype or size than `t`'s, as PyTorch; marks an accepted one kept by tidy. */
export function checkAssignedGrad(t: Tensor, value: Tensor): void {
  if (!(value instanceof Tensor)) throw new TypeError('assigned grad must be a Tensor or null');
  if (value === t) throw new RuntimeError("can't assign Variable as its own grad");
  if (value.device !== t.device) {
    throw new RuntimeError(`assigned grad has data located on ${value.device} different from the tensor on ${t.device}`);
  }
  if (value.dtype !== t.dtype) {
    throw new TypeError(`assigned grad has data of a different type (${value.dtype}) than the tensor (${t.dtype})`);
  }
  if (value.shape.length !== t.ndim || value.shape.some((d, i) => d !== t._shape[i])) {
    throw new RuntimeError('assigned grad has data of a different size');
  }
  value._keep = true;
}

/** `t.data = value`: `t` takes `value`'s storage and layout, keeping its own history (`gradFn`). */
export function swapData(t: Tensor, value: Tensor): void {
  if (!(value instanceof Tensor)) throw new TypeError('data must be set to a Tensor');
  if (value.device !== t.device) {
    throw new RuntimeError(`Expected all tensors to be on the same device, but found at least two devices, ${t.device} and ${value.device}!`);
  }
  if (t._requiresGrad && !isFloatingPoint(value.dtype)) throw new RuntimeError(ONLY_FLOAT_GRAD_MESSAGE);
  if (value._ref !== t._ref) {
    const old = t._ref;
    value._ref.track();
    trackHolder(value._ref);
    untrackHolder(old);
    t._ref = value._ref;
  }
  t._shape = [...value._shape];
  t._strides = [...value._strides];
  t._offset = value._offset;
  t._dtype = value._dtype;
  t._viewCache = null;
}
