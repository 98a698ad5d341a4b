import { zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import type { Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBoolean, checkEps, checkLr, checkNonNegative } from './validation.js';

export interface AdadeltaOptions {
  /** Coefficient γ that scales delta before it is applied to the parameters, a number or a one-element tensor (default 1.0). */
  lr: Lr;
  /** ρ, the decay rate of both running averages (default 0.9). */
  rho: number;
  /** ε added inside both square roots (default 1e-6). */
  eps: number;
  /** L2 penalty λ (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export interface AdadeltaState {
  /** How many updates this parameter has had. */
  step: number;
  /** v, the running average of g². */
  squareAvg: Tensor;
  /** u, the running average of Δ². */
  accDelta: Tensor;
}

const DEFAULTS: AdadeltaOptions = { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false };

/**
 * Adadelta (torch.optim.Adadelta), step for step with PyTorch's implementation
 * (the same in 1.13 and current PyTorch, with the same defaults).
 *
 * For each parameter θ with gradient g:
 * ```text
 * g ← −g                          if maximize
 * g ← g + λθ                      if λ ≠ 0
 * v ← ρv + (1 − ρ)g²
 * Δ ← √(u + ε) / √(v + ε) · g
 * u ← ρu + (1 − ρ)Δ²
 * θ ← θ − γΔ
 * ```
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { Adadelta } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2, -3], { requiresGrad: true });
 * const opt = new Adadelta([w], { lr: 1, rho: 0.9 });
 * w.pow(2).sum().backward();
 * opt.step(); // each weight moves by √ε/√(0.1·g² + ε)·g ≈ 0.0032 toward 0
 * ```
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: Params<AdadeltaOptions>, options: Partial<AdadeltaOptions> & Omit<ImplementationOptions, 'fused'> = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'Adadelta';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'capturable', 'differentiable'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'squareAvg', 'accDelta'];
  }

  protected validateGroup(o: AdadeltaOptions): void {
    checkLr(o.lr);
    if (!(typeof o.rho === 'number' && o.rho >= 0 && o.rho <= 1)) throw new RangeError(`Invalid rho value: ${String(o.rho)}`);
    checkEps(o.eps);
    checkNonNegative('weightDecay', o.weightDecay);
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor): AdadeltaState {
    return { step: 0, squareAvg: zerosLike(param), accDelta: zerosLike(param) };
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: AdadeltaState, group: ParamGroup<AdadeltaOptions>): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    state.step += 1;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    // v ← ρv + (1 − ρ)g²
    state.squareAvg.mul_(rho).add_(g.mul(1 - rho).mul(g));
    // Δ ← √(u + ε) / √(v + ε) · g
    const std = state.squareAvg.add(eps).sqrt();
    const delta = state.accDelta.add(eps).sqrt().div(std).mul(g);
    // u ← ρu + (1 − ρ)Δ²
    state.accDelta.mul_(rho).add_(delta.mul(1 - rho).mul(delta));
    // θ ← θ − γΔ
    param.sub_(delta.mul(lr));
  }
}
