/**
 * Turning op arguments into kernel operands: the device check (every tensor
 * operand on one backend), the dtype check (the backend holds the dtype),
 * casts into temporaries, broadcasting by stride 0, and freeing those
 * temporaries afterwards. Only the dispatch module uses these.
 */
import type { Backend, Operand, StridedView } from '../backend/backend.js';
import type { DType } from '../dtype.js';
import { broadcastStrides, contiguousStrides } from '../shape.js';
import { DEVICE_MISMATCH_MESSAGE } from '../autograd/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { backendFor } from '../backend/registry.js';
import { RuntimeError, TypeError } from '../errors.js';

/** The backend all tensor operands share, with PyTorch's error when they differ. */
export function commonBackend(...xs: ReadonlyArray<Tensor | number | boolean | null | undefined>): Backend {
  let found: Backend | null = null;
  for (const x of xs) {
    if (!(x instanceof Tensor)) continue;
    const b = x._backend;
    if (found === null) found = b;
    else if (found !== b) throw new RuntimeError(DEVICE_MISMATCH_MESSAGE(found.name, b.name));
  }
  return found ?? backendFor();
}

/** Checks that the backend holds `dtype`, naming both when it does not. */
export function checkDtype(backend: Backend, dtype: DType): void {
  if (!backend.dtypes.includes(dtype)) {
    throw new TypeError(
      `The ${backend.name} backend does not support dtype ${dtype} (it supports ${backend.dtypes.join(', ')}). ` +
        `Cast first, e.g. .float(), or move the tensor with .to('cpu').`,
    );
  }
}

/** A fresh contiguous tensor around a kernel's output. */
export function wrap(backend: Backend, storage: StridedView['storage'], shape: readonly number[], dtype: DType): Tensor {
  return Tensor._fromStorage(backend, storage, shape, dtype);
}

/** The tensor's view as `dtype` (cast through a kernel into a temporary when it differs; free it with {@link releaseView}). */
export function viewAs(t: Tensor, dtype: DType): StridedView {
  if (t.dtype === dtype) return t._view;
  const b = t._backend;
  const storage = b.kernels.cast(t._view, dtype);
  return { storage, shape: t.shape, strides: contiguousStrides(t.shape), offset: 0 };
}

/** Frees the temporary a {@link viewAs} of `t` made, if it made one. */
export function releaseView(backend: Backend, v: StridedView, t: Tensor): void {
  if (v.storage !== t._ref.storage) backend.dispose(v.storage);
}

/** A kernel operand broadcast to `shape` and cast to `dtype`: numbers pass through as scalars. */
export function operand(x: Tensor | number | boolean, dtype: DType, shape: readonly number[]): Operand {
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  const v = viewAs(x, dtype);
  if (v.shape.length === shape.length && v.shape.every((d, i) => d === shape[i])) return v;
  return { storage: v.storage, shape, strides: broadcastStrides(v.shape, v.strides, shape), offset: v.offset };
}

/** Frees the temporary storage `operand` made for a cast, if any. */
export function releaseOperand(backend: Backend, op: Operand, original: Tensor | number | boolean): void {
  if (typeof op === 'number' || !(original instanceof Tensor)) return;
  if (op.storage !== original._ref.storage) backend.dispose(op.storage);
}

/** Converts a number operand to a 0-d tensor on `like`'s device (for the rare ops that need a tensor). */
export function asTensor(x: Tensor | number | boolean, like: Tensor | null, dtype?: DType): Tensor {
  if (x instanceof Tensor) return x;
  const backend = like ? like._backend : backendFor();
  const dt: DType = dtype ?? (typeof x === 'boolean' ? 'bool' : Number.isInteger(x) ? 'int32' : 'float32');
  return wrap(backend, backend.full(1, Number(x), dt), [], dt);
}
