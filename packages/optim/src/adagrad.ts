import { zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import { lrDiv, type Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBoolean, checkEps, checkLr, checkNonNegative } from './validation.js';

export interface AdagradOptions {
  /** Learning rate γ, a number or a one-element tensor (default 1e-2). */
  lr: Lr;
  /** Learning-rate decay η (default 0). */
  lrDecay: number;
  /** L2 penalty λ (default 0). */
  weightDecay: number;
  /** The starting value of the running sum of g² (default 0). */
  initialAccumulatorValue: number;
  /** ε added to the denominator (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export interface AdagradState {
  step: number;
  /** The running sum of g². */
  sum: Tensor;
}

const DEFAULTS: AdagradOptions = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false };

/**
 * Adagrad (torch.optim.Adagrad).
 *
 * For each parameter θ with gradient g, at step t:
 * ```text
 * g ← −g                        if maximize
 * g ← g + λθ                    if λ ≠ 0
 * γ̃ ← γ / (1 + (t − 1)η)
 * s ← s + g²                    (s starts at initialAccumulatorValue)
 * θ ← θ − γ̃ · g / (√s + ε)
 * ```
 *
 * PyTorch creates the state in the constructor; here it is created at the
 * first step, which gives the same updates (only a state dict taken before
 * any step differs: it is empty).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { Adagrad } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([1, -1], { requiresGrad: true });
 * const opt = new Adagrad([w], { lr: 0.1, lrDecay: 0.01 });
 * w.pow(2).sum().backward();
 * opt.step(); // w = [0.9, -0.9]: the first step is γ·sign(g)
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: Params<AdagradOptions>, options: Partial<AdagradOptions> & ImplementationOptions = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'Adagrad';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'differentiable', 'fused'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'sum'];
  }

  protected validateGroup(o: AdagradOptions): void {
    checkLr(o.lr);
    checkNonNegative('lrDecay', o.lrDecay);
    checkNonNegative('weightDecay', o.weightDecay);
    checkNonNegative('initialAccumulatorValue', o.initialAccumulatorValue);
    checkEps(o.eps);
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor, group: ParamGroup<AdagradOptions>): AdagradState {
    return { step: 0, sum: zerosLike(param).fill_(group.initialAccumulatorValue) };
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: AdagradState, group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    state.step += 1;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    // γ̃ = γ / (1 + (t − 1)η);  s ← s + g²;  θ ← θ − γ̃ · g / (√s + ε)
    const clr = lrDiv(lr, 1 + (state.step - 1) * lrDecay);
    state.sum.add_(g.mul(g));
    const std = state.sum.sqrt().add(eps);
    param.sub_(g.div(std).mul(clr));
  }
}
