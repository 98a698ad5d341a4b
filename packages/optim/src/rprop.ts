import { where, zerosLike, type Tensor } from '@grad/core';
import type { ImplementationOption, ImplementationOptions } from './implementation-options.js';
import type { Lr } from './lr-value.js';
import { Optimizer, type ParamGroup, type Params } from './optimizer.js';
import { checkBoolean, checkLr, checkPair } from './validation.js';

export interface RpropOptions {
  /** The initial step size, a number or a one-element tensor (default 1e-2); used only when a parameter's state is made. */
  lr: Lr;
  /** [η−, η+]: the step size shrinks by η− when the gradient changes sign and grows by η+ when it keeps it (default [0.5, 1.2]). */
  etas: [number, number];
  /** [min, max] step size (default [1e-6, 50]). */
  stepSizes: [number, number];
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

export interface RpropState {
  /** How many updates this parameter has had. */
  step: number;
  /** The previous step's gradient (zero where its sign flipped). */
  prev: Tensor;
  /** Each element's own step size. */
  stepSize: Tensor;
}

const DEFAULTS: RpropOptions = { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false };

/**
 * Rprop (torch.optim.Rprop), resilient backpropagation: each element moves by
 * its own step size in the direction of −sign(g), step for step with
 * PyTorch's implementation (the same in 1.13 and current PyTorch).
 *
 * For each element, with s = sign(g·g_prev):
 * ```text
 * g ← −g                                     if maximize
 * Δ ← clamp(Δ·η+, min, max)  if s > 0;   clamp(Δ·η−, min, max)  if s < 0;   Δ  if s = 0
 * g ← 0                                      where s < 0 (no move after a sign flip)
 * θ ← θ − sign(g)·Δ;   g_prev ← g
 * ```
 * The step sizes start at `lr`. The sign tests are tensor selects, so the
 * step reads nothing back to the host.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { Rprop } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2, -3], { requiresGrad: true });
 * const opt = new Rprop([w], { lr: 0.1 });
 * w.pow(2).sum().backward();
 * opt.step(); // w = [1.9, −2.9]: each element moves by its step size, 0.1
 * ```
 */
export class Rprop extends Optimizer<RpropOptions, RpropState> {
  constructor(params: Params<RpropOptions>, options: Partial<RpropOptions> & Omit<ImplementationOptions, 'fused'> = {}) {
    super(params, DEFAULTS, options);
  }

  protected get kind(): string {
    return 'Rprop';
  }

  /** Accepted as in PyTorch; see implementation-options.ts for what they do here. */
  protected override get implementationOptions(): readonly ImplementationOption[] {
    return ['foreach', 'capturable', 'differentiable'];
  }

  protected get stateKeys(): readonly string[] {
    return ['step', 'prev', 'stepSize'];
  }

  protected validateGroup(o: RpropOptions): void {
    checkLr(o.lr);
    checkPair('etas', o.etas);
    const [etaMinus, etaPlus] = o.etas;
    if (!(etaMinus > 0 && etaMinus < 1 && etaPlus > 1)) throw new RangeError(`Invalid eta values: ${etaMinus}, ${etaPlus}`);
    checkPair('stepSizes', o.stepSizes);
    checkBoolean('maximize', o.maximize);
  }

  protected override initState(param: Tensor, group: ParamGroup<RpropOptions>): RpropState {
    // Δ starts at lr everywhere (0 + lr is exact; a tensor lr broadcasts)
    return { step: 0, prev: zerosLike(param), stepSize: zerosLike(param).add(group.lr) };
  }

  protected override updateParam(param: Tensor, grad: Tensor, state: RpropState, group: ParamGroup<RpropOptions>): void {
    const [etaMinus, etaPlus] = group.etas;
    const [stepSizeMin, stepSizeMax] = group.stepSizes;
    state.step += 1;
    let g = group.maximize ? grad.neg() : grad;
    const s = g.mul(state.prev).sign();
    // η+ where s > 0, η− where s < 0, 1 where s = 0; a NaN sign stays NaN (PyTorch's masked writes skip it)
    const factor = where(s.gt(0), etaPlus, where(s.lt(0), etaMinus, where(s.eq(0), 1, s)));
    state.stepSize.mul_(factor).clamp_(stepSizeMin, stepSizeMax);
    // no move where the sign flipped, and that zero is the next step's g_prev
    g = where(s.lt(0), 0, g);
    param.sub_(g.sign().mul(state.stepSize));
    state.prev.copy_(g);
  }
}
