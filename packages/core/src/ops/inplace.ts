/**
 * In-place ops (`add_`, `mul_`, …). Each computes the out-of-place result and
 * writes it into the tensor's own memory, bumping the version counter shared
 * with its views, so a graph that saved the old values refuses to use them.
 *
 * Autograd: on a tensor with history the node of the result becomes the
 * tensor's gradFn; its old value is kept as a copy only while recording (the
 * rule may need it). On a view of a tensor with history, the base's history is
 * rewritten as "base with this region replaced" (PyTorch's CopySlices).
 */
import { canCast, scalarTypeName } from '../dtype.js';
import { broadcastShapes, formatShape, isContiguous, shapesEqual } from '../shape.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { LEAF_INPLACE_MESSAGE, LEAF_VIEW_INPLACE_MESSAGE } from '../autograd/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { commonBackend, viewAs } from './util.js';
import { asStridedScatter, asStrided } from './movement.js';
import { where } from './binary.js';

type Arg = Tensor | number;

function checkLeaf(self: Tensor): void {
  if (!isGradEnabled()) return;
  if (self.isLeaf && self.requiresGrad) throw new Error(LEAF_INPLACE_MESSAGE);
  const base = self._base;
  if (base && base.isLeaf && base.requiresGrad) throw new Error(LEAF_VIEW_INPLACE_MESSAGE);
}

/** Writes `value`'s elements into `self`'s memory (cast to self's dtype) and bumps the version. */
function writeInto(self: Tensor, value: Tensor, opName: string): void {
  if (!shapesEqual(value.shape, self.shape)) {
    throw new RangeError(`output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(broadcastShapes(self.shape, value.shape))}`);
  }
  if (!canCast(value.dtype, self.dtype)) {
    throw new TypeError(`result type ${scalarTypeName(value.dtype)} can't be cast to the desired output type ${scalarTypeName(self.dtype)} (in ${opName})`);
  }
  const backend = self._backend;
  const src = viewAs(value, self.dtype);
  backend.kernels.assign(self._view, src);
  if (src.storage !== value._ref.storage) backend.dispose(src.storage);
  self._version.value++;
}

/** A detached copy of `t` that keeps t's place in the graph: the "before" value a rule may save. */
function snapshot(t: Tensor): Tensor {
  const copy = noGrad(() => t.clone());
  copy._gradFn = t._gradFn;
  copy._outputNr = t._outputNr;
  copy._requiresGrad = t._requiresGrad;
  if (t._gradFn === null && t._requiresGrad) copy._accNode = t._accumulateGrad();
  return copy;
}

/**
 * Runs `compute(self, others)` and stores the result in `self`.
 * `others` are the op's other operands (checked for device).
 */
export function inPlace<T extends Tensor>(self: T, opName: string, others: Arg[], compute: (s: Tensor, others: Arg[]) => Tensor): T {
  checkLeaf(self);
  commonBackend(self, ...others);
  const recording = isGradEnabled() && (self.requiresGrad || others.some((o) => o instanceof Tensor && o.requiresGrad));
  if (!recording) {
    const result = noGrad(() => compute(self, others));
    writeInto(self, result, opName);
    result.dispose();
    return self;
  }
  const base = self._base;
  if (base === null) {
    const result = compute(snapshot(self), others);
    writeInto(self, result, opName);
    self._gradFn = result._gradFn;
    self._outputNr = result._outputNr;
    self._requiresGrad = true;
    return self;
  }
  rebaseView(self, base, compute(snapshot(self), others), opName);
  return self;
}

/**
 * An in-place change of a view with history: the base becomes
 * asStridedScatter(oldBase, result, region) in the graph, and the view a
 * region of the new base.
 */
function rebaseView(self: Tensor, base: Tensor, result: Tensor, opName: string): void {
  if (!isContiguous(base.shape, base._strides)) {
    throw new Error(`${opName}: in-place ops on a view of a non-contiguous tensor that requires grad are not supported; call .contiguous() on the base first`);
  }
  const layout = { shape: [...self.shape], strides: [...self._strides], offset: self._offset - base._offset };
  const newBase = asStridedScatter(snapshot(base), result, layout);
  writeInto(self, result, opName);
  base._gradFn = newBase._gradFn;
  base._outputNr = 0;
  base._requiresGrad = true;
  const region = asStrided(snapshot(base), layout);
  self._gradFn = region._gradFn;
  self._outputNr = 0;
  self._requiresGrad = true;
}

/** A tensor of `self`'s shape that is all true: where(allTrue, v, s) replaces s by v with ∂/∂s = 0, NaN-safe. */
function allTrue(self: Tensor): Tensor {
  return self.newFull(self.shape, 1, 'bool');
}

/** Sets every element to `value` (a number, or a 0-d tensor whose gradient flows). */
export function fill_<T extends Tensor>(self: T, value: number | Tensor): T {
  if (value instanceof Tensor) {
    if (value.ndim !== 0) throw new RangeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
    return inPlace(self, 'fill_', [value], (s, [v]) => where(allTrue(s), (v as Tensor).to(s.dtype), s));
  }
  checkLeaf(self);
  if (isGradEnabled() && self.requiresGrad) {
    return inPlace(self, 'fill_', [], (s) => where(allTrue(s), value, s));
  }
  self._backend.kernels.assign(self._view, value);
  self._version.value++;
  return self;
}

/** Copies `src` into `self`, broadcasting, casting and moving devices as needed. */
export function copy_<T extends Tensor>(self: T, src: Tensor | number): T {
  if (typeof src === 'number') return fill_(self, src);
  const moved = src.device === self.device ? src : src.to(self.device);
  const shaped = shapesEqual(moved.shape, self.shape) ? moved : moved.expand([...self.shape]);
  // copy_ casts freely (float into int truncates), unlike arithmetic in-place ops.
  return inPlace(self, 'copy_', [shaped], (s, [v]) => where(allTrue(s), (v as Tensor).to(s.dtype), s));
}
