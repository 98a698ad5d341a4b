/**
 * In-place ops (`add_`, `mul_`, …). Each computes the out-of-place result and
 * writes it into the tensor's own memory, bumping the version counter shared
 * with its views, so a graph that saved the old values refuses to use them.
 *
 * Autograd: on a tensor with history the node of the result becomes the
 * tensor's gradFn; its old value is kept as a copy only while recording (the
 * rule may need it). On a view of a tensor with history, the base's history is
 * rewritten as "base with this region replaced" (PyTorch's CopySlices,
 * copy-slices.ts).
 */
import { canCast, scalarTypeName, isFloatingPoint } from '../dtype.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { LEAF_INPLACE_MESSAGE, LEAF_VIEW_INPLACE_MESSAGE } from '../autograd/errors.js';
import { checkNotMultiOutputView, checkNotNoGradView } from '../autograd/view-checks.js';
import { Tensor } from '../tensor/tensor.js';
import { commonBackend, runAssign } from '../dispatch/kernels.js';
import { CopySlices } from './copy-slices.js';
import { asStridedScatter } from './movement.js';
import type { Node } from '../autograd/node.js';
import { gradientEdge } from '../autograd/record.js';
import { layoutInBase, regenerateViewGradFn } from './view-history.js';
import { OpNode } from '../autograd/op-node.js';
import { RuntimeError, TypeError } from '../errors.js';

type Arg = Tensor | number;

/**
 * @internal PyTorch's refusals of an in-place change with grad mode on, in
 * its order: a view made in noGrad (when the change would be recorded),
 * then leaves that require grad and their views. `operands` are the op's
 * other operands.
 */
export function checkLeaf(self: Tensor, operands: readonly unknown[] = []): void {
  if (!isGradEnabled()) return;
  checkNotNoGradView(self, operands);
  if (self.isLeaf && self.requiresGrad) throw new RuntimeError(LEAF_INPLACE_MESSAGE);
  const base = self._base;
  if (base && base.isLeaf && base.requiresGrad) throw new RuntimeError(LEAF_VIEW_INPLACE_MESSAGE);
}

/** Writes `value`'s elements into `self`'s memory (cast to self's dtype) and bumps the version. */
function writeInto(self: Tensor, value: Tensor, opName: string): void {
  if (!shapesEqual(value.shape, self.shape)) {
    throw new RuntimeError(`output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(broadcastShapes(self.shape, value.shape))}`);
  }
  if (!canCast(value.dtype, self.dtype)) {
    throw new TypeError(`result type ${scalarTypeName(value.dtype)} can't be cast to the desired output type ${scalarTypeName(self.dtype)} (in ${opName})`);
  }
  runAssign(self._backend, self._view, value, self.dtype);
  self._version.value++;
}

/** A detached copy of `t` that keeps t's place in the graph: the "before" value a rule may save. */
function snapshot(t: Tensor): Tensor {
  t._refreshView();
  return standIn(t, noGrad(() => t.clone()));
}

/**
 * @internal `data` (a fresh tensor, no history) made to stand at `t`'s place
 * in the graph: a node recorded over it gets t's edge (t's gradFn, or the
 * AccumulateGrad of a leaf).
 */
export function standIn(t: Tensor, data: Tensor): Tensor {
  data._gradFn = t._gradFn;
  data._outputNr = t._outputNr;
  data._requiresGrad = t._requiresGrad;
  if (t._gradFn === null && t._requiresGrad) data._accNode = t._accumulateGrad();
  return data;
}

/** @internal Whether an in-place op on `self` with these operands is recorded. */
export function recordsInPlace(self: Tensor, others: readonly Arg[]): boolean {
  // A tensor of an integer or bool dtype never requires grad, so writing into one records nothing (as copy_ in PyTorch).
  return isGradEnabled() && isFloatingPoint(self.dtype) && (self.requiresGrad || others.some((o) => o instanceof Tensor && o.requiresGrad));
}

/**
 * Runs `compute(self, others)` and stores the result in `self`.
 * `others` are the op's other operands (checked for device). `nodeName`
 * renames the recorded node where PyTorch names the in-place op's node
 * differently from the out-of-place one.
 */
export function inPlace<T extends Tensor>(self: T, opName: string, others: Arg[], compute: (s: Tensor, others: Arg[]) => Tensor, nodeName?: string): T {
  const recording = recordsInPlace(self, others);
  // PyTorch's check_inplace: first the multi-output view (before anything regenerates the view's history), then leaves.
  if (recording) checkNotMultiOutputView(self, false);
  checkLeaf(self, others);
  checkWritable(self, opName);
  commonBackend(self, ...others);
  if (!recording) {
    const result = noGrad(() => compute(self, others));
    writeInto(self, result, opName);
    result.dispose();
    return self;
  }
  const base = self._base;
  const before = snapshot(self);
  const result = compute(before, others);
  if (nodeName && result._gradFn instanceof OpNode) result._gradFn._rename(nodeName);
  if (base === null) {
    const oldNode = self._gradFn;
    const oldNr = self._outputNr;
    writeInto(self, result, opName);
    self._gradFn = result._gradFn;
    self._outputNr = result._outputNr;
    self._requiresGrad = true;
    self._gradFnVersion = self._version.value;
    moveRetainGrad(self, oldNode, oldNr);
    return self;
  }
  rebaseView(self, base, before, result, opName);
  return self;
}

/** retainGrad follows the tensor to its new history, as PyTorch moves the retains-grad hook. */
function moveRetainGrad(self: Tensor, oldNode: Tensor['_gradFn'], oldNr: number): void {
  if (!self._retainsGrad || !self._gradFn) return;
  oldNode?._retainGrad?.delete(oldNr);
  self._gradFn._retainGrad ??= new Map();
  self._gradFn._retainGrad.set(self._outputNr, self);
}

/**
 * An in-place change of a view with history: the base's history becomes
 * PyTorch's CopySlices, wrapping the op's node (recorded over `before`, the
 * view's old value) with the base's old history as its first edge; the view —
 * like every other view of that base — then takes its history from the
 * base's new one.
 */
function rebaseView(self: Tensor, base: Tensor, before: Tensor, result: Tensor, opName: string): void {
  const layout = layoutInBase(self, base);
  if (layout === null) {
    throw new RuntimeError(`${opName}: in-place ops on a view of a tensor whose memory is not one dense block are not supported; call .contiguous() on the base first`);
  }
  const fn = result._gradFn;
  let node: Node;
  if (fn) {
    // The op's input that is the view: the first edge that is the view's own. Another operand with that edge is the
    // view itself (its gradient reaches the same region either way); with no edge (the view did not require grad),
    // neither does the base, and the view's gradient is not computed.
    const [viewNode, viewNr] = gradientEdge(before);
    const viewInput = fn.nextFunctions.findIndex(([n, nr]) => n === viewNode && nr === viewNr);
    if (viewInput < 0) throw new RuntimeError(`${opName}: internal error: the in-place op's node does not take the view as an input`);
    const baseMeta = base.requiresGrad ? { shape: base.shape, dtype: base.dtype, device: base.device } : null;
    node = new CopySlices(gradientEdge(base), baseMeta, fn, result._outputNr, viewInput, layout);
    node._forwardTrace = fn._forwardTrace;
  } else {
    // A result without history (a non-differentiable op): the region's gradient is zero, the rest passes through.
    const replaced = asStridedScatter(snapshot(base), result, layout);
    replaced.dispose();
    if (!(replaced._gradFn instanceof OpNode)) {
      writeInto(self, result, opName); // nothing that requires grad: the histories stay as they are
      return;
    }
    replaced._gradFn._rename('CopySlices');
    node = replaced._gradFn;
  }
  writeInto(self, result, opName);
  base._gradFn = node;
  base._outputNr = 0;
  base._requiresGrad = true;
  base._gradFnVersion = base._version.value;
  regenerateViewGradFn(self, base);
}

/** In-place ops PyTorch lets write through an expand: one value written to a location many times is unambiguous. */
const OVERLAP_ALLOWED = new Set(['fill_', 'zero_']);

/**
 * @internal Writing through a view in which several elements share one
 * memory location (an expand) would be ambiguous: refused, as PyTorch does
 * (except for fill_ and zero_).
 */
export function checkWritable(self: Tensor, opName: string): void {
  if (OVERLAP_ALLOWED.has(opName)) return;
  for (let i = 0; i < self._shape.length; i++) {
    if (self._strides[i] === 0 && self._shape[i]! > 1) {
      throw new RuntimeError(
        `unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation. (in ${opName})`,
      );
    }
  }
}

// zero_, fill_ and copy_ (nodes of their own: ZeroBackward0, FillBackward2/3, CopyBackwards) live in fill-copy.ts.
export { copy_, fill_, zero_ } from './fill-copy.js';
