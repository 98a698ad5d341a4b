/**
 * History of views after in-place changes. A view's gradFn describes how it
 * was cut from its base at the time; once the memory changed in place (the
 * shared version counter moved), its value is the base's region at the new
 * version, so its history becomes "that region of the base's current
 * history" (AsStridedBackward0), as PyTorch regenerates a view's grad_fn.
 */
import { isContiguous } from '../shape.js';
import { enableGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { checkNotMultiOutputView } from '../autograd/view-checks.js';
import type { Tensor } from '../tensor/tensor.js';
import { scatterIntoZeros } from './movement.js';

/** The view's layout in its (contiguous) base's logical coordinates, or null when the base is not contiguous. */
export function layoutInBase(view: Tensor, base: Tensor): { shape: number[]; strides: number[]; offset: number } | null {
  if (!isContiguous(base.shape, base._strides)) return null;
  return { shape: [...view._shape], strides: [...view._strides], offset: view._offset - base._offset };
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
