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
import { isFloatingPoint } from '../dtype.js';

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

/**
 * @internal PyTorch's refusal to modify in place, with grad mode on, a view
 * made while grad mode was off (or a view of one) when the change would be
 * recorded: its base requires grad, or an operand does. Whether the change
 * should rewrite the base's history is ambiguous, so PyTorch forbids it.
 */
export function checkNotNoGradView(view: Tensor, operands: ReadonlyArray<unknown>): void {
  if (!view._noGradView || !isFloatingPoint(view.dtype)) return;
  const recorded = view._base!.requiresGrad || operands.some((o) => typeof o === 'object' && o !== null && (o as Tensor).requiresGrad === true);
  if (!recorded) return;
  throw new RuntimeError(
    'A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. ' +
      "You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).",
  );
}
