/**
 * The in-place ops that overwrite every element: zero_, fill_ and copy_.
 * Each records a node of its own, named and ordered as PyTorch 1.13's:
 *
 * - `zero_`: ZeroBackward0 (self). ∂out/∂self = 0.
 * - `fill_(number)`: FillBackward2 (self). ∂out/∂self = 0.
 * - `fill_(0-d tensor)`: FillBackward3 (self, value). ∂out/∂self = 0;
 *   ∂out/∂value = Σ g (the value is every element).
 * - `copy_(src)`: CopyBackwards (self, src), src broadcast, cast and moved
 *   inside the node. ∂out/∂self = 0; ∂out/∂src = g summed over the
 *   broadcast dimensions, on src's device (the engine casts it to src's dtype).
 *
 * The zero gradient of self is a defined tensor (PyTorch's zeros_like(grad)),
 * not a missing one: self's history still gets it. Results are written into
 * self's memory by inPlace (inplace.ts), which also rewrites a base's history
 * when self is a view (CopySlices).
 */
import { broadcastShapes, broadcastStrides, formatShape, isNonOverlappingAndDense, shapesEqual } from '../shape.js';
import type { DType } from '../dtype.js';
import { noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { sumToShape } from '../autograd/engine.js';
import { Tensor } from '../tensor/tensor.js';
import { commonBackend, runAssign } from '../dispatch/kernels.js';
import { operandArg } from './arguments.js';
import { checkLeaf, checkWritable, inPlace, recordsInPlace, standIn } from './inplace.js';
import { RuntimeError } from '../errors.js';

/** A fresh tensor of `shape` and `dtype` holding `t` broadcast (unrecorded: the caller records the node). */
function broadcastCopy(t: Tensor, shape: readonly number[], dtype: DType): Tensor {
  return noGrad(() => {
    const e = shapesEqual(t.shape, shape) ? t : t.expand([...shape]);
    return e.dtype === dtype ? e.clone() : e.to(dtype);
  });
}

/**
 * PyTorch's assert_no_partial_overlap: a source that shares only part of the
 * written-to memory would be read while written. Decided, as PyTorch does,
 * only between dense tensors (each a block [offset, offset + numel)); the
 * same block with the same strides is the tensor itself (allowed).
 */
function checkNoPartialOverlap(self: Tensor, src: Tensor): void {
  if (self._ref.storage !== src._ref.storage || self.numel() === 0 || src.numel() === 0) return;
  if (!isNonOverlappingAndDense(self.shape, self._strides) || !isNonOverlappingAndDense(src.shape, src._strides)) return;
  const [a0, a1] = [self._offset, self._offset + self.numel()];
  const [b0, b1] = [src._offset, src._offset + src.numel()];
  const full = a0 === b0 && a1 === b1 && shapesEqual(self._strides, src._strides);
  if (!full && a0 < b1 && b0 < a1) {
    throw new RuntimeError(
      'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.',
    );
  }
}

/** zero_ and fill_ with a number: every element becomes `value`. */
function fillScalar<T extends Tensor>(self: T, value: number, opName: string, nodeName: string): T {
  if (recordsInPlace(self, [])) {
    return inPlace(self, opName, [], (s) => {
      const out = noGrad(() => s.newFull(s.shape, value));
      record({ name: nodeName, inputs: [s], outputs: [out], backward: ([g]) => [g!.newZeros(g!.shape)] });
      return out;
    });
  }
  checkLeaf(self);
  checkWritable(self, opName);
  runAssign(self._backend, self._view, value, self.dtype);
  self._version.value++;
  return self;
}

/** Sets every element to 0 (ZeroBackward0). */
export function zero_<T extends Tensor>(self: T): T {
  return fillScalar(self, 0, 'zero_', 'ZeroBackward0');
}

/** Sets every element to `value`: a number (FillBackward2), or a 0-d tensor whose gradient flows (FillBackward3). */
export function fill_<T extends Tensor>(self: T, value: number | Tensor): T {
  if (typeof value === 'boolean') value = Number(value);
  operandArg('fill_', 'value', 1, value);
  if (!(value instanceof Tensor)) return fillScalar(self, value, 'fill_', 'FillBackward2');
  if (value.ndim !== 0) throw new RuntimeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
  return inPlace(self, 'fill_', [value], (s, [v]) => {
    const out = broadcastCopy(v as Tensor, s.shape, s.dtype);
    record({
      name: 'FillBackward3',
      inputs: [s, v as Tensor],
      outputs: [out],
      backward: ([g], _s, needs) => [needs[0] ? g!.newZeros(g!.shape) : null, needs[1] ? g!.sum() : null],
    });
    return out;
  });
}

/**
 * Copies `src` into `self`, broadcasting, casting (freely: float into int
 * truncates) and moving devices as needed. A number fills.
 */
export function copy_<T extends Tensor>(self: T, src: Tensor | number): T {
  operandArg('copy_', 'src', 1, src);
  if (typeof src === 'boolean') src = Number(src);
  if (typeof src === 'number') return fill_(self, src);
  const shape = broadcastShapes(self.shape, src.shape);
  if (!shapesEqual(shape, self.shape)) {
    throw new RuntimeError(`output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(shape)}`);
  }
  checkNoPartialOverlap(self, src);
  const srcShape = src.shape;
  const srcDevice = src.device;
  // From another device: the moved copy stands at src's place in the graph, so the node's edge is src's own history.
  const from = srcDevice === self.device ? src : standIn(src, noGrad(() => src.to(self.device)));
  if (!recordsInPlace(self, [from])) {
    checkLeaf(self, [from]);
    checkWritable(self, 'copy_');
    commonBackend(self, from);
    // src is read while self is written: one sharing self's memory is copied first, so no element is read after it was overwritten.
    const data = from._ref.storage === self._ref.storage ? noGrad(() => from.clone()) : from;
    runAssign(self._backend, self._view, data, self.dtype, (v) =>
      shapesEqual(v.shape, self.shape) ? v : { ...v, shape: self.shape, strides: broadcastStrides(v.shape, v.strides, self.shape) },
    );
    self._version.value++;
    if (data !== from) data.dispose();
    if (from !== src) from.dispose();
    return self;
  }
  return inPlace(self, 'copy_', [from], (s, [v]) => {
    const out = broadcastCopy(v as Tensor, s.shape, s.dtype);
    record({
      name: 'CopyBackwards',
      inputs: [s, v as Tensor],
      outputs: [out],
      backward: ([g], _s, needs) => {
        if (!needs[1]) return [needs[0] ? g!.newZeros(g!.shape) : null, null];
        const gs = sumToShape(g!, srcShape);
        return [needs[0] ? g!.newZeros(g!.shape) : null, gs.device === srcDevice ? gs : gs.to(srcDevice)];
      },
    });
    return out;
  });
}
