import { checkNumber, checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

export interface MultiStepLROptions extends SchedulerBaseOptions {
  /** Epoch indices at which the lr decays; a repeated milestone decays that many times. */
  milestones: number[];
  /** Multiplicative factor of learning-rate decay (default 0.1). */
  gamma?: number;
}

/**
 * Decays each group's lr by `gamma` once the epoch reaches each milestone
 * (torch.optim.lr_scheduler.MultiStepLR): lr = initialLr · γ^(milestones ≤ epoch).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, MultiStepLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.05 });
 * const sched = new MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 * // lr = 0.05 for epochs 0..29, 0.005 for 30..79, 0.0005 from 80
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** Sorted; repeated entries count (PyTorch's Counter). */
  milestones: number[];
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: MultiStepLROptions) {
    checkSchedulerOptions('MultiStepLR', options, ['milestones', 'gamma']);
    const { milestones, gamma = 0.1, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    if (!Array.isArray(milestones) || milestones.some((m) => !Number.isInteger(m))) {
      throw new TypeError(`MultiStepLR needs milestones as an array of integer epochs, got ${JSON.stringify(milestones)}`);
    }
    this.milestones = [...milestones].sort((a, b) => a - b);
    checkNumber('MultiStepLR', 'gamma', gamma);
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    // lr ← γ^k·lr where k is how many times this epoch is a milestone
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (hits === 0) return lrs;
    return lrs.map((lr) => lr * this.gamma ** hits);
  }

  /** initialLr · γ^(milestones ≤ epoch) (Python's bisect_right over the sorted milestones). */
  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((base) => base * this.gamma ** passed);
  }
}
