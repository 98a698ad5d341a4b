import type { Tensor } from '../tensor/tensor.js';
import { Node, type GradList } from './node.js';
import { noGrad } from './grad-mode.js';

/**
 * The node that ends every path at a leaf: it adds the incoming gradient
 * into `variable.grad` (PyTorch's AccumulateGrad).
 */
export class AccumulateGrad extends Node {
  readonly name = 'AccumulateGrad';

  constructor(readonly variable: Tensor) {
    super([], []);
  }

  override _apply(): GradList {
    return [];
  }

  /**
   * .grad += grad. Without createGraph the sum is done in place on a detached
   * gradient (as PyTorch); with it, out of place, so the new .grad is itself
   * differentiable.
   */
  _accumulate(grad: Tensor, createGraph: boolean): void {
    const v = this.variable;
    const old = v._grad;
    if (old === null) {
      // A fresh copy: the same gradient tensor may also flow to other leaves
      // (an add passes one gradient to both inputs), and .grad must not alias it.
      v._grad = createGraph ? grad : noGrad(() => grad.detach().clone());
    } else if (createGraph) {
      v._grad = old.add(grad);
    } else {
      noGrad(() => old.add_(grad));
    }
    v._grad!._keep = true;
    if (v._postAccumulateHooks) for (const hook of v._postAccumulateHooks) hook(v);
  }
}
