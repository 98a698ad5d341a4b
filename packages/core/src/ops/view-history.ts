/**
 * History of views after in-place changes. A view's gradFn describes how it
 * was cut from its base at the time; once the memory changed in place (the
 * shared version counter moved), its value is the base's region at the new
 * version, so its history becomes "that region of the base's current
 * history" (AsStridedBackward0), as PyTorch regenerates a view's grad_fn.
 */
import { contiguousStrides, isContiguous, isNonOverlappingAndDense } from '../shape.js';
import { enableGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { checkNotMultiOutputView } from '../autograd/view-checks.js';
import type { Tensor } from '../tensor/tensor.js';
import { scatterIntoZeros } from './movement.js';

/**
 * The view's layout in its base's row-major (logical) coordinates, or null
 * when the base's memory is not one dense block (then no such layout
 * exists). A contiguous base's memory offsets are its logical ones; a dense
 * base in another order (a transpose, a flip of one) has each memory offset
 * decomposed into one step count per dimension, largest stride first, and
 * re-weighted by the row-major strides. Every stride of a view of it is such
 * a combination of the base's strides, so the mapping is linear on it.
 */
export function layoutInBase(view: Tensor, base: Tensor): { shape: number[]; strides: number[]; offset: number } | null {
  const offset = view._offset - base._offset;
  if (isContiguous(base.shape, base._strides)) return { shape: [...view._shape], strides: [...view._strides], offset };
  if (!isNonOverlappingAndDense(base.shape, base._strides)) return null;
  const dims = base.shape.map((_, i) => i).filter((i) => base.shape[i]! > 1);
  dims.sort((a, b) => base._strides[b]! - base._strides[a]!);
  const rowMajor = contiguousStrides(base.shape);
  const logical = (memory: number): number => {
    let rest = memory;
    let out = 0;
    for (const d of dims) {
      const steps = Math.floor(rest / base._strides[d]!);
      rest -= steps * base._strides[d]!;
      out += steps * rowMajor[d]!;
    }
    return out;
  };
  return { shape: [...view._shape], strides: view._shape.map((n, i) => (n > 1 ? logical(view._strides[i]!) : 0)), offset: logical(offset) };
}

export function regenerateViewGradFn(view: Tensor, base: Tensor): void {
  // An output of split/unbind cannot take a new history: asking for it throws, every time (nothing is updated).
  if (view._gradFn !== null || base._requiresGrad) checkNotMultiOutputView(view, true);
  view._gradFnVersion = view._version.value;
  if (!base._requiresGrad) return;
  const layout = layoutInBase(view, base);
  if (layout === null) return;
  const baseShape = base.shape;
  // Recorded whatever the grad mode now: it is the view's history, not a new op.
  enableGrad(() =>
    record({
      name: 'AsStridedBackward0',
      inputs: [base],
      outputs: [view],
      backward: ([g]) => [scatterIntoZeros(g!, baseShape, layout)],
    }),
  );
}
