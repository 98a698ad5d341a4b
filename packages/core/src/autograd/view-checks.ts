/**
 * Views that may not be modified in place. An output of split, chunk or
 * unbind is one of several views made by one node: an in-place change of one
 * would have to rewrite the history of all of them, so PyTorch refuses it at
 * the in-place op (rather than failing later, in backward).
 */
import { RuntimeError } from '../errors.js';
const MULTI_OUTPUT_VIEW_NODES = new Set(['SplitBackward0', 'SplitWithSizesBackward0', 'UnbindBackward0']);

/** @internal Throws PyTorch's error when `nodeName` (a view's gradFn) is a multi-output view node. */
export function checkNotMultiOutputView(nodeName: string, outputNr: number): void {
  if (!MULTI_OUTPUT_VIEW_NODES.has(nodeName)) return;
  throw new RuntimeError(
    `Output ${outputNr} of ${nodeName} is a view and is being modified inplace. This view is the output of a function that returns multiple views. ` +
      'Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.',
  );
}
