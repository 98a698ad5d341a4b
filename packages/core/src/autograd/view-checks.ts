/**
 * Views that may not be modified in place. An output of split, chunk or
 * unbind is one of several views made by one node: an in-place change of one
 * would have to rewrite the history of all of them, so PyTorch refuses it —
 * at the in-place op itself (`indirect` false), and, once the memory changed
 * through the base or another view, whenever the view's history is asked for
 * (`indirect` true: its gradFn could not be regenerated). A view of such a
 * view inherits the restriction (PyTorch's propagate_creation_meta).
 */
import type { Tensor } from '../tensor/tensor.js';
import { RuntimeError } from '../errors.js';

/** @internal Throws PyTorch's error when `view` is (a view of) one output of a multi-output view node. */
export function checkNotMultiOutputView(view: Tensor, indirect: boolean): void {
  if (!view._multiOutputView) return;
  const what = indirect ? 'its base or another view of its base has been' : 'is being';
  // Made while grad mode was on from an input that did not require grad, the view has no gradFn: PyTorch then words it as a no_grad view.
  const head = view._gradFn
    ? `Output ${view._outputNr} of ${view._gradFn.name} is a view and ${what} modified inplace.`
    : `A view was created in no_grad mode and ${what} modified inplace with grad mode enabled.`;
  throw new RuntimeError(
    `${head} This view is the output of a function that returns multiple views. ` +
      'Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.',
  );
}
