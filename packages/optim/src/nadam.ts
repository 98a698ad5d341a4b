import { zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import { oneMinusLrTimes, type Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBetas, checkBoolean, checkEps, checkLr, checkNonNegative } from './validation.js';

export interface NAdamOptions {
  /** Learning rate γ, a number or a one-element tensor (default 2e-3). */
  lr: Lr;
  /** Decay rates [β1, β2] of the moment estimates (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** Weight decay λ (default 0): an L2 penalty, or decoupled (AdamW's) with `decoupledWeightDecay`. */
  weightDecay: number;
  /** ψ, the momentum decay (default 4e-3). */
  momentumDecay: number;
  /** Decay the weights directly, θ ← θ(1 − γλ), as NAdamW (default false; PyTorch ≥ 2.1). */
  decoupledWeightDecay: boolean;
  /** Maximize the objective instead of minimizing it (default false; PyTorch ≥ 2.0). */
  maximize: boolean;
}

export interface NAdamState {
  /** How many updates this parameter has had (t). */
  step: number;
  /** Π μ_i for i ≤ t (a host number: it depends on t and the options only). */
  muProduct: number;
  /** m, the first moment estimate. */
  expAvg: Tensor;
  /** v, the second moment estimate. */
  expAvgSq: Tensor;
}

const DEFAULTS: NAdamOptions = {
  lr: 2e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  momentumDecay: 4e-3,
  decoupledWeightDecay: false,
  maximize: false,
};

/**
 * NAdam (torch.optim.NAdam): Adam with Nesterov momentum, as current PyTorch
 * computes it.
 *
 * For each parameter θ with gradient g, at step t:
 * ```text
 * g ← −g                                   if maximize
 * θ ← θ(1 − γλ)  if decoupledWeightDecay,  else  g ← g + λθ      (λ ≠ 0)
 * μ_t = β1(1 − ½·0.96^(tψ)),  μ_{t+1} = β1(1 − ½·0.96^((t+1)ψ)),  P_t = Π_{i≤t} μ_i
 * m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²
 * d = √(v / (1 − β2^t)) + ε
 * θ ← θ − γ(1 − μ_t)/(1 − P_t) · g/d − γ·μ_{t+1}/(1 − P_t·μ_{t+1}) · m/d
 * ```
 * PyTorch 1.13 used P_t·μ_t·μ_{t+1} in the last denominator (μ_t counted
 * twice), which PyTorch 2.0 corrected to P_t·μ_{t+1}; this follows the
 * correction. `maximize` and `decoupledWeightDecay` are current PyTorch's
 * options (not in 1.13).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { NAdam } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2, -3], { requiresGrad: true });
 * const opt = new NAdam([w], { lr: 0.1 });
 * for (let i = 0; i < 300; i++) {
 *   opt.zeroGrad();
 *   w.pow(2).sum().backward();
 *   opt.step();
 * }
 * w.tolist(); // ≈ [0, 0]
 * ```
 */
export class NAdam extends Optimizer<NAdamOptions, NAdamState> {
  constructor(params: Params<NAdamOptions>, options: Partial<NAdamOptions> & Omit<ImplementationOptions, 'fused'> = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'NAdam';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'capturable', 'differentiable'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'muProduct', 'expAvg', 'expAvgSq'];
  }

  protected override get scalarStateKeys(): readonly string[] {
    return ['step', 'muProduct'];
  }

  protected validateGroup(o: NAdamOptions): void {
    checkLr(o.lr);
    checkEps(o.eps);
    checkBetas(o.betas);
    checkNonNegative('weightDecay', o.weightDecay);
    checkNonNegative('momentumDecay', o.momentumDecay);
    checkBoolean('decoupledWeightDecay', o.decoupledWeightDecay);
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor): NAdamState {
    return { step: 0, muProduct: 1, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: NAdamState, group: ParamGroup<NAdamOptions>): void {
    const { lr, betas, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize } = group;
    const [beta1, beta2] = betas;
    state.step += 1;
    const t = state.step;
    const biasCorrection2 = 1 - beta2 ** t;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) param.mul_(oneMinusLrTimes(lr, weightDecay));
      else g = g.add(param.mul(weightDecay));
    }
    // the momentum cache μ_t, μ_{t+1} and the product P_t = Π μ_i
    const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
    state.muProduct *= mu;
    const muProductNext = state.muProduct * muNext;
    // m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
    state.expAvg.mul_(beta1).add_(g.mul(1 - beta1));
    state.expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
    const denom = state.expAvgSq.div(biasCorrection2).sqrt().add(eps);
    // θ ← θ − γ(1 − μ_t)/(1 − P_t)·g/d − γμ_{t+1}/(1 − P_t·μ_{t+1})·m/d
    const gradCoef = typeof lr === 'number' ? (lr * (1 - mu)) / (1 - state.muProduct) : lr.mul(1 - mu).div(1 - state.muProduct);
    const avgCoef = typeof lr === 'number' ? (lr * muNext) / (1 - muProductNext) : lr.mul(muNext).div(1 - muProductNext);
    param.sub_(g.div(denom).mul(gradCoef));
    param.sub_(state.expAvg.div(denom).mul(avgCoef));
  }
}
