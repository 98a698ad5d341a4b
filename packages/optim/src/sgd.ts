import type { Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import type { Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBoolean, checkLr, checkNonNegative } from './validation.js';

export interface SGDOptions {
  /** Learning rate γ, a number or a one-element tensor (default 1e-3). */
  lr: Lr;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Dampening τ for momentum (default 0). */
  dampening: number;
  /** L2 penalty λ (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false); needs momentum > 0 and dampening 0. */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export interface SGDState {
  /** b_t; absent until the first step with momentum. */
  momentumBuffer?: Tensor;
}

const DEFAULTS: SGDOptions = { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };

/**
 * Stochastic gradient descent, optionally with momentum (torch.optim.SGD).
 *
 * For each parameter θ with gradient g, at step t:
 * ```text
 * g ← −g                         if maximize
 * g ← g + λθ                     if λ ≠ 0
 * b ← g                          at the first step with μ ≠ 0
 * b ← μb + (1 − τ)g              after
 * g ← g + μb   if nesterov,  else  g ← b     (μ ≠ 0)
 * θ ← θ − γg
 * ```
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   w.sub(1).pow(2).sum().backward(); // (w − 1)²
 *   opt.step();
 * }
 * w.item(); // ≈ 1
 * ```
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: Params<SGDOptions>, options: Partial<SGDOptions> & ImplementationOptions = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'SGD';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'differentiable', 'fused'];
  }

  protected get stateKeys(): readonly string[] {
    return ['momentumBuffer'];
  }

  protected validateGroup(o: SGDOptions): void {
    checkLr(o.lr);
    checkNonNegative('momentum', o.momentum);
    checkNonNegative('weightDecay', o.weightDecay);
    if (typeof o.dampening !== 'number' || Number.isNaN(o.dampening)) throw new RangeError(`Invalid dampening value: ${String(o.dampening)}`);
    checkBoolean('nesterov', o.nesterov);
    checkBoolean('maximize', o.maximize);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    }
  }

  protected override initState(): SGDState {
    return {};
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: SGDState, group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    if (momentum !== 0) {
      let buf = state.momentumBuffer;
      if (buf === undefined) {
        buf = g.clone().detach();
        state.momentumBuffer = buf;
      } else {
        buf.mul_(momentum).add_(g.mul(1 - dampening));
      }
      g = nesterov ? g.add(buf.mul(momentum)) : buf;
    }
    // θ ← θ − γg, written as the tutorial's `w.data -= lr * w.grad` so that the
    // plain case is bit-for-bit the hand-written loop.
    param.sub_(g.mul(lr));
  }
}
