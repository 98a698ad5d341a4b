/**
 * A custom Function that marks a view dirty changed its base's memory too:
 * the base's history becomes "the old base with this region replaced by the
 * Function's output" (PyTorch's CopySlices), and the view — like every other
 * view of that base — takes its history from the base's new one
 * (AsStridedBackward0), exactly as a built-in in-place op on a view does.
 */
import type { Tensor } from '../tensor/tensor.js';
import { asStridedScatter } from '../ops/movement.js';
import { layoutInBase, regenerateViewGradFn } from '../ops/view-history.js';
import { noGrad } from './grad-mode.js';
import { checkNotMultiOutputView } from './view-checks.js';
import type { OpNode } from './op-node.js';
import { RuntimeError } from '../errors.js';

/**
 * `view` was modified in place by a Function whose node is the history of
 * `standIn` (a tensor sharing the view's memory). Rewrites the base's history.
 */
export function rebaseDirtyView(view: Tensor, standIn: Tensor): void {
  // PyTorch's rebase_history: an output of split/unbind refuses, as with a built-in in-place op.
  checkNotMultiOutputView(view, false);
  const base = view._base!;
  const layout = layoutInBase(view, base);
  if (layout === null) {
    throw new RuntimeError('a custom Function modified in place a view of a tensor whose memory is not one dense block; call .contiguous() on the base first');
  }
  // The old base's place in the graph, holding its (already modified) values: CopySlices' rule needs only its shape.
  const before = noGrad(() => base.clone());
  before._gradFn = base._gradFn;
  before._outputNr = base._outputNr;
  before._requiresGrad = base._requiresGrad;
  if (base._gradFn === null && base._requiresGrad) before._accNode = base._accumulateGrad();
  const newBase = asStridedScatter(before, standIn, layout);
  (newBase._gradFn as OpNode)._rename('CopySlices');
  newBase.dispose();
  base._gradFn = newBase._gradFn;
  base._outputNr = 0;
  base._requiresGrad = true;
  base._gradFnVersion = base._version.value;
  regenerateViewGradFn(view, base);
}
