import type { Params } from './optimizer.js';
import { Adam, type AdamOptions } from './adam.js';

export type AdamWOptions = AdamOptions;

/**
 * AdamW (torch.optim.AdamW): Adam with decoupled weight decay. Before the Adam
 * update, each parameter decays directly, θ ← θ(1 − γλ), instead of λθ
 * being added to the gradient; the default λ is 1e-2. Everything else,
 * amsgrad and maximize included, is {@link Adam}'s rule.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { AdamW } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([2, -3], { requiresGrad: true });
 * const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.01 });
 * w.pow(2).sum().backward();
 * opt.step();
 * w.tolist(); // each weight moved by ≈ 0.1 toward 0, then decayed by 0.1%
 * ```
 */
export class AdamW extends Adam {
  constructor(params: Params<AdamWOptions>, options: Partial<AdamWOptions> = {}) {
    super(params, { weightDecay: 1e-2, ...stripUndefined(options) });
  }

  protected override get kind(): string {
    return 'AdamW';
  }

  protected override get decoupledWeightDecay(): boolean {
    return true;
  }
}

function stripUndefined<O extends object>(o: O): O {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as O;
}
