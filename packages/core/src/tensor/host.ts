/** Reading a tensor's elements on the host: a copy or the backend's own array, and numpy()'s shared view. */
import type { TypedArray } from '../dtype.js';
import { NUMPY_REQUIRES_GRAD_MESSAGE } from '../autograd/errors.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { contiguousStorage, freeStorage, readStorage } from '../dispatch/kernels.js';
import { RuntimeError, TypeError } from '../errors.js';
import type { Tensor } from './tensor.js';

/** The elements in row-major order, on the host: the backend's own array when the tensor covers it exactly, else a copy. */
export function readHost(t: Tensor): TypedArray {
  const view = t._view; // throws if disposed
  const backend = t._backend;
  if (t.isContiguous() && t._offset === 0 && t._ref.storage.length === t.numel()) {
    return readStorage(backend, t._ref.storage);
  }
  const storage = contiguousStorage(backend, view);
  try {
    return readStorage(backend, storage).slice() as TypedArray;
  } finally {
    freeStorage(backend, storage);
  }
}

/** The flat typed array of a contiguous CPU tensor, sharing memory (torch.Tensor.numpy); refused for a tensor that requires grad while recording. */
export function numpyView(t: Tensor): TypedArray {
  void t._view; // a disposed tensor says so first
  if (t._requiresGrad && isGradEnabled()) throw new RuntimeError(NUMPY_REQUIRES_GRAD_MESSAGE);
  if (t.device !== 'cpu') {
    throw new TypeError(`can't convert ${t.device} device type tensor to numpy. Use tensor.to('cpu') to copy the tensor to host memory first.`);
  }
  if (!t.isContiguous()) throw new RuntimeError('numpy() needs a contiguous tensor; call .contiguous() first');
  const all = readStorage(t._backend, t._view.storage);
  return all.subarray(t._offset, t._offset + t.numel()) as TypedArray;
}
