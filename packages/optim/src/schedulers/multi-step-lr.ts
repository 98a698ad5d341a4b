import { LRScheduler, type AnyOptimizer } from './lr-scheduler.js';

export interface MultiStepLROptions {
  /** Epoch indices at which the lr decays; a repeated milestone decays that many times. */
  milestones: number[];
  /** Multiplicative factor of learning-rate decay (default 0.1). */
  gamma?: number;
  /** The index of the last epoch, to resume a schedule (default −1). */
  lastEpoch?: number;
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

  constructor(optimizer: AnyOptimizer, { milestones, gamma = 0.1, lastEpoch = -1 }: MultiStepLROptions) {
    super(optimizer, lastEpoch);
    if (!Array.isArray(milestones) || milestones.some((m) => !Number.isInteger(m))) {
      throw new TypeError(`MultiStepLR needs milestones as an array of integer epochs, got ${JSON.stringify(milestones)}`);
    }
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.optimizer.paramGroups.map((g) => g.lr);
    // lr ← γ^k·lr where k is how many times this epoch is a milestone
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (hits === 0) return lrs;
    return lrs.map((lr) => lr * this.gamma ** hits);
  }
}
