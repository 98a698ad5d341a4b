/**
 * PyTorch's CopySlices: the history of a base after an in-place op changed
 * one of its views. It wraps the op's own node `fn` (recorded over the view:
 * edge 0 is the view's old history, the others the op's other operands) and
 * takes fn's edges as its own, except edge 0, which goes to the base's
 * history before the change.
 *
 * Backward, for a gradient g of the base: the region of the view in g is the
 * gradient of the op's result, so fn maps it to the gradients of the old
 * view (res[0]) and of the other operands (res[1…]). The base's gradient is
 * g with that region replaced by res[0]: elements outside the view passed
 * through unchanged, those inside came from the op.
 */
import { Node, type Edge, type GradList, type InputMeta, type RunContext } from '../autograd/node.js';
import { sumToShape } from '../autograd/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { asStrided, asStridedScatter } from './movement.js';

/** A view's place in its base, in the base's row-major (contiguous) coordinates. */
export interface RegionLayout {
  shape: number[];
  strides: number[];
  offset: number;
}

function without<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export class CopySlices extends Node {
  readonly name = 'CopySlices';
  private readonly fn: Node;
  /** Which output of fn the op's result is. */
  private readonly fnOutput: number;
  /** Which input of fn is the view (its old value): 0 for most ops, not for where-like ones. */
  private readonly viewInput: number;
  private readonly layout: RegionLayout;

  constructor(baseEdge: Edge, baseMeta: InputMeta | null, fn: Node, fnOutput: number, viewInput: number, layout: RegionLayout) {
    super([baseEdge, ...without(fn.nextFunctions, viewInput)], [baseMeta, ...without(fn._inputMeta, viewInput)]);
    this.fn = fn;
    this.fnOutput = fnOutput;
    this.viewInput = viewInput;
    this.layout = layout;
  }

  override _apply(gradOutputs: GradList, ctx: RunContext): GradList {
    const g = gradOutputs[0]!;
    const slice = asStrided(g, this.layout);
    const fn = this.fn;
    // The op's other outputs (if any) got no gradient: zeros, as the engine would give them.
    const given = Array.from({ length: fn._numOutputs }, (_, i) => (i === this.fnOutput ? slice : slice.newZeros(fn._outputShapes[i] ?? [])));
    const res = fn._apply(given, ctx);
    const viewMeta = fn._inputMeta[this.viewInput];
    let gView = res[this.viewInput] ?? null;
    // fn's gradient for the view, conformed as the engine would (broadcast summed back, cast to the view's dtype).
    if (gView && viewMeta) {
      gView = sumToShape(gView, viewMeta.shape);
      if (gView.dtype !== viewMeta.dtype) gView = gView.to(viewMeta.dtype);
    }
    const gBase = this.nextFunctions[0]![0] ? asStridedScatter(g, gView ?? g.newZeros(this.layout.shape), this.layout) : null;
    return [gBase, ...without(fn.nextFunctions.map((_, i) => res[i] ?? null), this.viewInput)];
  }

  override _release(): void {
    this.fn._release();
  }

  override _checkNotFreed(): void {
    this.fn._checkNotFreed();
  }

  override get savedTensors(): readonly Tensor[] {
    return this.fn.savedTensors;
  }
}
