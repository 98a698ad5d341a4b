import { zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import { oneMinusLrTimes, type Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBoolean, checkLr, checkNonNegative } from './validation.js';

export interface ASGDOptions {
  /** Learning rate γ, a number or a one-element tensor (default 1e-2). */
  lr: Lr;
  /** λ, the decay term (default 1e-4). */
  lambd: number;
  /** α, the power of the η update (default 0.75). */
  alpha: number;
  /** t0, the step at which averaging starts (default 1e6). */
  t0: number;
  /** L2 penalty (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export interface ASGDState {
  /** How many updates this parameter has had (t). */
  step: number;
  /** η, the current step size: a number, or a one-element tensor when lr is one. */
  eta: Lr;
  /** μ, the averaging coefficient. */
  mu: number;
  /** The averaged parameter θ̄ (read it for the averaged model). */
  ax: Tensor;
}

const DEFAULTS: ASGDOptions = { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false };

/**
 * Averaged stochastic gradient descent (torch.optim.ASGD), step for step
 * with PyTorch's implementation (the same in 1.13 and current PyTorch).
 *
 * For each parameter θ with gradient g, at step t (η starts at γ, μ at 1):
 * ```text
 * g ← −g                          if maximize
 * g ← g + λ_wd·θ                  if weightDecay ≠ 0
 * θ ← θ(1 − λη)
 * θ ← θ − ηg
 * θ̄ ← θ̄ + μ(θ − θ̄)   if μ ≠ 1,   else θ̄ ← θ
 * η ← γ / (1 + λγt)^α,   μ ← 1 / max(1, t − t0)
 * ```
 * η and μ depend on t and the options only, so they are host numbers (PyTorch
 * keeps them as tensors of the default dtype, float32 unless changed: its
 * values then carry float32 rounding that these do not).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { ASGD } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2, -3], { requiresGrad: true });
 * const opt = new ASGD([w], { lr: 0.1, t0: 10 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   w.pow(2).sum().backward();
 *   opt.step();
 * }
 * opt.state.get(w)!.ax.tolist(); // ≈ [0.008, −0.012]: the mean of the iterates from step 11 on (w itself ≈ [0, 0])
 * ```
 */
export class ASGD extends Optimizer<ASGDOptions, ASGDState> {
  constructor(params: Params<ASGDOptions>, options: Partial<ASGDOptions> & Omit<ImplementationOptions, 'fused'> = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'ASGD';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'capturable', 'differentiable'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'eta', 'mu', 'ax'];
  }

  protected override get scalarStateKeys(): readonly string[] {
    return ['step', 'eta', 'mu'];
  }

  protected validateGroup(o: ASGDOptions): void {
    checkLr(o.lr);
    checkNonNegative('weightDecay', o.weightDecay);
    for (const name of ['lambd', 'alpha', 't0'] as const) {
      if (typeof o[name] !== 'number' || Number.isNaN(o[name])) throw new TypeError(`Invalid ${name} value: ${String(o[name])}`);
    }
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor, group: ParamGroup<ASGDOptions>): ASGDState {
    const eta = typeof group.lr === 'number' ? group.lr : group.lr.clone();
    return { step: 0, eta, mu: 1, ax: zerosLike(param) };
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: ASGDState, group: ParamGroup<ASGDOptions>): void {
    const { lr, lambd, alpha, t0, weightDecay, maximize } = group;
    state.step += 1;
    const t = state.step;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    // θ ← θ(1 − λη);  θ ← θ − ηg
    param.mul_(oneMinusLrTimes(state.eta, lambd));
    param.sub_(g.mul(state.eta));
    // θ̄ ← θ̄ + μ(θ − θ̄), or θ̄ ← θ while μ = 1
    if (state.mu !== 1) state.ax.add_(param.sub(state.ax).mul(state.mu));
    else state.ax.copy_(param);
    // η ← γ / (1 + λγt)^α;  μ ← 1 / max(1, t − t0)
    state.eta = typeof lr === 'number' ? lr / (1 + lambd * lr * t) ** alpha : lr.div(lr.mul(lambd * t).add(1).pow(alpha));
    state.mu = 1 / Math.max(1, t - t0);
  }
}
