import type { Tensor } from '../tensor/tensor.js';
import { Node, type GradList, type RunContext, type TensorHook } from './node.js';
import { noGrad } from './grad-mode.js';
import { record } from './record.js';

/**
 * A copy of `grad` whose history is PyTorch's CopyBackwards(None, <grad's
 * history>): the first edge is the fresh destination (nothing to flow to),
 * the second passes the gradient through unchanged.
 */
function recordedCopy(grad: Tensor): Tensor {
  const out = noGrad(() => grad.detach().clone());
  record({ name: 'CopyBackwards', inputs: [null, grad], outputs: [out], backward: ([g]) => [null, g!] });
  return out;
}

/**
 * The node that ends every path at a leaf: it adds the incoming gradient
 * into `variable.grad` (PyTorch's AccumulateGrad). The engine runs it like
 * any other node; its hooks (registerHook / registerPrehook) run as on any
 * other node, with no input gradients to report (`gradInputs` is `[]`).
 */
export class AccumulateGrad extends Node {
  readonly name = 'AccumulateGrad';

  constructor(readonly variable: Tensor) {
    super([], []);
    this._outputShapes = [variable.shape];
  }

  /** .grad += the incoming gradient; nothing flows further. */
  override _apply(gradOutputs: GradList, ctx: RunContext): GradList {
    const g = gradOutputs[0];
    if (g) this._accumulate(g, ctx.createGraph);
    return [];
  }

  /** The leaf's own hooks (registered with Tensor.registerHook) run before accumulation. */
  override _runTensorPrehooks(grads: GradList, check: (hook: TensorHook, g: Tensor) => Tensor): GradList {
    const hooks = this.variable._hooks;
    if (!hooks || !hooks.length || !grads[0]) return grads;
    let g = grads[0];
    for (const h of hooks) g = check(h, g);
    return [g];
  }

  /**
   * .grad += grad. A first gradient is stored as a copy: the same gradient
   * tensor may also flow to other leaves (an add passes one gradient to both
   * inputs), and two `.grad`s must never alias (`p.grad.zero_()` would zero
   * `q.grad` too). Without createGraph the copy is detached and later sums
   * are in place (as PyTorch); with it, the copy (CopyBackwards) and the sums are recorded,
   * so the new `.grad` is itself differentiable.
   */
  _accumulate(grad: Tensor, createGraph: boolean): void {
    const v = this.variable;
    const old = v._grad;
    if (old === null) {
      // With createGraph, PyTorch copies into a fresh tensor (new_empty_strided(...).copy_(grad)):
      // the .grad's history is CopyBackwards(None, <grad's history>).
      v._grad = createGraph ? recordedCopy(grad) : noGrad(() => grad.detach().clone());
    } else if (createGraph) {
      v._grad = old.add(grad);
    } else {
      noGrad(() => old.add_(grad));
    }
    v._grad!._keep = true;
    if (v._postAccumulateHooks) for (const hook of v._postAccumulateHooks) hook(v);
  }
}
