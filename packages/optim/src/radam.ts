import { zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import { oneMinusLrTimes, type Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBetas, checkBoolean, checkEps, checkLr, checkNonNegative } from './validation.js';

export interface RAdamOptions {
  /** Learning rate γ, a number or a one-element tensor (default 1e-3). */
  lr: Lr;
  /** Decay rates [β1, β2] of the moment estimates (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** Weight decay λ (default 0): an L2 penalty, or decoupled (AdamW's) with `decoupledWeightDecay`. */
  weightDecay: number;
  /** Decay the weights directly, θ ← θ(1 − γλ) (default false; PyTorch ≥ 2.1). */
  decoupledWeightDecay: boolean;
  /** Maximize the objective instead of minimizing it (default false; PyTorch ≥ 2.0). */
  maximize: boolean;
}

export interface RAdamState {
  /** How many updates this parameter has had (t). */
  step: number;
  /** m, the first moment estimate. */
  expAvg: Tensor;
  /** v, the second moment estimate. */
  expAvgSq: Tensor;
}

const DEFAULTS: RAdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, maximize: false };

/**
 * RAdam (torch.optim.RAdam), Adam with the variance of the adaptive lr
 * rectified, step for step with PyTorch's implementation.
 *
 * For each parameter θ with gradient g, at step t:
 * ```text
 * g ← −g                                   if maximize
 * θ ← θ(1 − γλ)  if decoupledWeightDecay,  else  g ← g + λθ      (λ ≠ 0)
 * m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  m̂ = m / (1 − β1^t)
 * ρ∞ = 2/(1 − β2) − 1,  ρ_t = ρ∞ − 2tβ2^t / (1 − β2^t)
 * if ρ_t > 5:  r = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)),  l = √(1 − β2^t) / (√v + ε)
 *              θ ← θ − γ·m̂·l·r
 * else:        θ ← θ − γ·m̂
 * ```
 * ρ_t depends on t alone, so the branch is taken on the host. `maximize` and
 * `decoupledWeightDecay` are current PyTorch's options (not in 1.13).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { RAdam } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2, -3], { requiresGrad: true });
 * const opt = new RAdam([w], { lr: 0.1 });
 * w.pow(2).sum().backward();
 * opt.step(); // ρ_1 ≤ 5: plain momentum SGD, w = [2, −3] − 0.1·[4, −6]
 * ```
 */
export class RAdam extends Optimizer<RAdamOptions, RAdamState> {
  constructor(params: Params<RAdamOptions>, options: Partial<RAdamOptions> & Omit<ImplementationOptions, 'fused'> = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'RAdam';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'capturable', 'differentiable'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'expAvg', 'expAvgSq'];
  }

  protected validateGroup(o: RAdamOptions): void {
    checkLr(o.lr);
    checkEps(o.eps);
    checkBetas(o.betas);
    checkNonNegative('weightDecay', o.weightDecay);
    checkBoolean('decoupledWeightDecay', o.decoupledWeightDecay);
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor): RAdamState {
    return { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: RAdamState, group: ParamGroup<RAdamOptions>): void {
    const { lr, betas, eps, weightDecay, decoupledWeightDecay, maximize } = group;
    const [beta1, beta2] = betas;
    state.step += 1;
    const t = state.step;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) param.mul_(oneMinusLrTimes(lr, weightDecay));
      else g = g.add(param.mul(weightDecay));
    }
    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2 = 1 - beta2 ** t;
    state.expAvg.mul_(beta1).add_(g.mul(1 - beta1));
    state.expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
    const corrected = state.expAvg.div(biasCorrection1);
    // the length of the approximated simple moving average, and its limit
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * t * beta2 ** t) / biasCorrection2;
    if (rhoT > 5) {
      const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      const adaptiveLr = state.expAvgSq.sqrt().add(eps).reciprocal().mul(Math.sqrt(biasCorrection2));
      param.sub_(corrected.mul(lr).mul(adaptiveLr).mul(rect));
    } else {
      param.sub_(corrected.mul(lr));
    }
  }
}
