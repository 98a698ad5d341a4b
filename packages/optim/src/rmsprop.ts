import { zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import type { Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBoolean, checkEps, checkLr, checkNonNegative } from './validation.js';

export interface RMSpropOptions {
  /** Learning rate γ, a number or a one-element tensor (default 1e-2). */
  lr: Lr;
  /** Smoothing constant α of the running average of g² (default 0.99). */
  alpha: number;
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ (default 0). */
  weightDecay: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Centered RMSprop: normalize by an estimate of the gradient's variance (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export interface RMSpropState {
  step: number;
  /** v, the running average of g². */
  squareAvg: Tensor;
  /** b, with momentum > 0 only. */
  momentumBuffer?: Tensor;
  /** g_avg, the running average of g, when centered only. */
  gradAvg?: Tensor;
}

const DEFAULTS: RMSpropOptions = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };

/**
 * RMSprop (torch.optim.RMSprop), as PyTorch implements it (ε outside the root).
 *
 * For each parameter θ with gradient g:
 * ```text
 * g ← −g                                 if maximize
 * g ← g + λθ                             if λ ≠ 0
 * v ← αv + (1 − α)g²
 * g_avg ← α·g_avg + (1 − α)g             if centered
 * d ← √(v − g_avg²) + ε   if centered,  else  d ← √v + ε
 * b ← μb + g/d;  θ ← θ − γb              if μ > 0
 * θ ← θ − γ·g/d                          otherwise
 * ```
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { RMSprop } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([1, -1], { requiresGrad: true });
 * const opt = new RMSprop([w], { lr: 0.01, momentum: 0.9, centered: true });
 * w.pow(2).sum().backward();
 * opt.step();
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: Params<RMSpropOptions>, options: Partial<RMSpropOptions> & ImplementationOptions = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'RMSprop';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'capturable', 'differentiable'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'squareAvg', 'momentumBuffer', 'gradAvg'];
  }

  protected validateGroup(o: RMSpropOptions): void {
    checkLr(o.lr);
    checkEps(o.eps);
    checkNonNegative('momentum', o.momentum);
    checkNonNegative('weightDecay', o.weightDecay);
    checkNonNegative('alpha', o.alpha);
    checkBoolean('centered', o.centered);
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor, group: ParamGroup<RMSpropOptions>): RMSpropState {
    const state: RMSpropState = { step: 0, squareAvg: zerosLike(param) };
    if (group.momentum > 0) state.momentumBuffer = zerosLike(param);
    if (group.centered) state.gradAvg = zerosLike(param);
    return state;
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: RMSpropState, group: ParamGroup<RMSpropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    state.step += 1;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    // v ← αv + (1 − α)g²
    state.squareAvg.mul_(alpha).add_(g.mul(g).mul(1 - alpha));
    let avg: Tensor;
    if (centered) {
      // g_avg ← α·g_avg + (1 − α)g;  d ← √(v − g_avg²)
      state.gradAvg ??= zerosLike(param);
      state.gradAvg.mul_(alpha).add_(g.mul(1 - alpha));
      avg = state.squareAvg.sub(state.gradAvg.mul(state.gradAvg)).sqrt();
    } else {
      avg = state.squareAvg.sqrt();
    }
    avg = avg.add(eps);
    if (momentum > 0) {
      // b ← μb + g/d;  θ ← θ − γb
      state.momentumBuffer ??= zerosLike(param);
      state.momentumBuffer.mul_(momentum).add_(g.div(avg));
      param.sub_(state.momentumBuffer.mul(lr));
    } else {
      param.sub_(g.div(avg).mul(lr));
    }
  }
}
