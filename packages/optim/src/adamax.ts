import { zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import { lrDiv, type Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBetas, checkBoolean, checkEps, checkLr, checkNonNegative } from './validation.js';

export interface AdamaxOptions {
  /** Learning rate γ, a number or a one-element tensor (default 2e-3). */
  lr: Lr;
  /** [β1, β2]: decay of the first moment and of the infinity norm (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to |g| (default 1e-8). */
  eps: number;
  /** L2 penalty λ (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export interface AdamaxState {
  /** How many updates this parameter has had (t). */
  step: number;
  /** m, the first moment estimate. */
  expAvg: Tensor;
  /** u, the exponentially weighted infinity norm. */
  expInf: Tensor;
}

const DEFAULTS: AdamaxOptions = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false };

/**
 * Adamax (torch.optim.Adamax), Adam with the infinity norm, step for step
 * with PyTorch's implementation (the same in 1.13 and current PyTorch).
 *
 * For each parameter θ with gradient g, at step t:
 * ```text
 * g ← −g                          if maximize
 * g ← g + λθ                      if λ ≠ 0
 * m ← β1·m + (1 − β1)·g
 * u ← max(β2·u, |g| + ε)
 * θ ← θ − (γ / (1 − β1^t)) · m / u
 * ```
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { Adamax } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2, -3], { requiresGrad: true });
 * const opt = new Adamax([w], { lr: 0.1 });
 * w.pow(2).sum().backward();
 * opt.step(); // the first step is γ·sign(g): w ≈ [1.9, −2.9]
 * ```
 */
export class Adamax extends Optimizer<AdamaxOptions, AdamaxState> {
  constructor(params: Params<AdamaxOptions>, options: Partial<AdamaxOptions> & Omit<ImplementationOptions, 'fused'> = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'Adamax';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'capturable', 'differentiable'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'expAvg', 'expInf'];
  }

  protected validateGroup(o: AdamaxOptions): void {
    checkLr(o.lr);
    checkEps(o.eps);
    checkBetas(o.betas);
    checkNonNegative('weightDecay', o.weightDecay);
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor): AdamaxState {
    return { step: 0, expAvg: zerosLike(param), expInf: zerosLike(param) };
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: AdamaxState, group: ParamGroup<AdamaxOptions>): void {
    const { lr, betas, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = betas;
    state.step += 1;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    // m ← β1·m + (1 − β1)·g
    state.expAvg.mul_(beta1).add_(g.mul(1 - beta1));
    // u ← max(β2·u, |g| + ε)   (a NaN in either propagates, as torch.amax does)
    state.expInf.mul_(beta2);
    state.expInf.copy_(state.expInf.maximum(g.abs().add(eps)));
    // θ ← θ − (γ / (1 − β1^t)) · m / u
    const clr = lrDiv(lr, 1 - beta1 ** state.step);
    param.sub_(state.expAvg.div(state.expInf).mul(clr));
  }
}
