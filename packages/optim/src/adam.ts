import { zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import { lrDiv, oneMinusLrTimes, type Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBetas, checkBoolean, checkEps, checkLr, checkNonNegative } from './validation.js';

export interface AdamOptions {
  /** Learning rate γ, a number or a one-element tensor (default 1e-3). */
  lr: Lr;
  /** Decay rates [β1, β2] of the first and second moment estimates (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay λ: an L2 penalty for Adam (default 0), decoupled for AdamW (default 1e-2). */
  weightDecay: number;
  /** The AMSGrad variant: divide by the running maximum of v (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export interface AdamState {
  /** How many updates this parameter has had (t). */
  step: number;
  /** m, the first moment estimate. */
  expAvg: Tensor;
  /** v, the second moment estimate. */
  expAvgSq: Tensor;
  /** v_max, with amsgrad only. */
  maxExpAvgSq?: Tensor;
}

const DEFAULTS: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };

/**
 * Adam (torch.optim.Adam), step for step with PyTorch's implementation.
 *
 * For each parameter θ with gradient g, at step t:
 * ```text
 * g ← −g                              if maximize
 * g ← g + λθ                          if λ ≠ 0   (AdamW instead: θ ← θ(1 − γλ))
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * v_max ← max(v_max, v)               if amsgrad (then v_max replaces v below)
 * θ ← θ − (γ / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 * ```
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { Adam } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2, -3], { requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.1, betas: [0.9, 0.999] });
 * for (let i = 0; i < 200; i++) {
 *   opt.zeroGrad();
 *   w.pow(2).sum().backward();
 *   opt.step();
 * }
 * w.tolist(); // ≈ [0, 0]
 * ```
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> & ImplementationOptions = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'Adam';
  }

  /** AdamW decays the weights directly instead of adding λθ to the gradient. */
  protected get decoupledWeightDecay(): boolean {
    return false;
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'capturable', 'differentiable', 'fused'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'expAvg', 'expAvgSq', 'maxExpAvgSq'];
  }

  protected validateGroup(o: AdamOptions): void {
    checkLr(o.lr);
    checkEps(o.eps);
    checkBetas(o.betas);
    checkNonNegative('weightDecay', o.weightDecay);
    checkBoolean('amsgrad', o.amsgrad);
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor, group: ParamGroup<AdamOptions>): AdamState {
    const state: AdamState = { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
    if (group.amsgrad) state.maxExpAvgSq = zerosLike(param);
    return state;
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: AdamState, group: ParamGroup<AdamOptions>): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize } = group;
    const [beta1, beta2] = betas;
    state.step += 1;
    const t = state.step;
    let g = maximize ? grad.neg() : grad;
    if (this.decoupledWeightDecay) {
      // θ ← θ(1 − γλ)
      if (weightDecay !== 0) param.mul_(oneMinusLrTimes(lr, weightDecay));
    } else if (weightDecay !== 0) {
      g = g.add(param.mul(weightDecay));
    }
    // m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
    state.expAvg.mul_(beta1).add_(g.mul(1 - beta1));
    state.expAvgSq.mul_(beta2).add_(g.mul(g).mul(1 - beta2));

    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** t);
    const stepSize = lrDiv(lr, biasCorrection1);
    let v = state.expAvgSq;
    if (amsgrad) {
      // A group switched to amsgrad after its first step starts its maximum now.
      state.maxExpAvgSq ??= zerosLike(param);
      state.maxExpAvgSq.copy_(state.maxExpAvgSq.maximum(state.expAvgSq));
      v = state.maxExpAvgSq;
    }
    // denominator √v / √(1 − β2^t) + ε;  θ ← θ − (γ / (1 − β1^t)) · m / denominator
    const denom = v.sqrt().div(biasCorrection2Sqrt).add(eps);
    param.sub_(state.expAvg.div(denom).mul(stepSize));
  }
}
