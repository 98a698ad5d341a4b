import { checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

export interface ExponentialLROptions extends SchedulerBaseOptions {
  /** Multiplicative factor of learning-rate decay per epoch. */
  gamma: number;
}

/**
 * Decays each group's lr by `gamma` every epoch
 * (torch.optim.lr_scheduler.ExponentialLR): lr = initialLr · γ^epoch.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { Adam, ExponentialLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new Adam([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new ExponentialLR(opt, { gamma: 0.9 });
 * sched.step();
 * sched.getLastLr(); // [0.09]
 * ```
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: ExponentialLROptions) {
    checkSchedulerOptions('ExponentialLR', options, ['gamma']);
    const { gamma, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    if (typeof gamma !== 'number' || Number.isNaN(gamma)) throw new TypeError(`ExponentialLR needs a number gamma, got ${String(gamma)}`);
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    // lr ← γ·lr, every epoch after the 0th
    return this.lastEpoch === 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }
}
