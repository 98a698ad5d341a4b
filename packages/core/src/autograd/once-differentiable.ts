/**
 * torch.autograd.function.once_differentiable: a custom Function's backward
 * that is not itself differentiable. It runs with recording off; when the
 * backward pass is being recorded (createGraph) and its incoming gradients
 * require grad, its results get a node that refuses to be differentiated,
 * so a second derivative fails loudly instead of being silently zero.
 *
 * ```ts
 * class Square extends autograd.Function {
 *   static forward(ctx: FunctionCtx, x: Tensor) { ctx.saveForBackward(x); return x.mul(x); }
 *   static backward = autograd.onceDifferentiable((ctx: FunctionCtx, g: Tensor) => {
 *     const [x] = ctx.savedTensors;
 *     return g.mul(x!).mul(2); // d(x²)/dx = 2x
 *   });
 * }
 * ```
 */
import { Tensor } from '../tensor/tensor.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { Node, type GradList } from './node.js';
import { attachOutputs, inputEdges } from './record.js';
import { ONCE_DIFFERENTIABLE_MESSAGE } from './errors.js';
import type { FunctionCtx } from './function.js';
import { RuntimeError } from '../errors.js';

/** PyTorch's DelayedError node (named `Error`): differentiating through it throws. */
class DelayedError extends Node {
  readonly name = 'Error';
  override _apply(): GradList {
    throw new RuntimeError(ONCE_DIFFERENTIABLE_MESSAGE);
  }
}

export function onceDifferentiable<F extends (ctx: FunctionCtx, ...grads: any[]) => unknown>(backward: F): F {
  const wrapped = function (this: unknown, ctx: FunctionCtx, ...grads: unknown[]): unknown {
    const raw = noGrad(() => backward.call(this, ctx, ...grads));
    if (!isGradEnabled()) return raw;
    if (!grads.some((g) => g instanceof Tensor && g.requiresGrad)) return raw;
    const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    // As PyTorch: each gradient becomes a fresh leaf that requires grad, fed through the error node.
    const fakes = list.map((g) => (g instanceof Tensor ? g.detach().requiresGrad_(true) : null));
    const { next, meta } = inputEdges(fakes);
    const node = new DelayedError(next, meta);
    const outs = fakes.map((f) => (f ? f.detach() : null));
    attachOutputs(node, outs);
    const result = list.map((g, i) => outs[i] ?? g);
    return Array.isArray(raw) ? result : result[0];
  };
  return wrapped as unknown as F;
}
