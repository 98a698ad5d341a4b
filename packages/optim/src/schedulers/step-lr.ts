import { checkNumber, checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

export interface StepLROptions extends SchedulerBaseOptions {
  /** Period of learning-rate decay, in epochs. */
  stepSize: number;
  /** Multiplicative factor of learning-rate decay (default 0.1). */
  gamma?: number;
}

/**
 * Decays each group's lr by `gamma` every `stepSize` epochs
 * (torch.optim.lr_scheduler.StepLR): lr = initialLr · γ^⌊epoch / stepSize⌋.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, StepLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.05 });
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * // lr = 0.05 for epochs 0..29, 0.005 for 30..59, 0.0005 for 60..89, ...
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   opt.step();
 *   sched.step();
 * }
 * ```
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: AnyOptimizer, options: StepLROptions) {
    checkSchedulerOptions('StepLR', options, ['stepSize', 'gamma']);
    const { stepSize, gamma = 0.1, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    if (!(Number.isInteger(stepSize) && stepSize > 0)) throw new RangeError(`StepLR needs a positive integer stepSize, got ${String(stepSize)}`);
    this.stepSize = stepSize;
    checkNumber('StepLR', 'gamma', gamma);
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    // lr ← γ·lr at every multiple of stepSize
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
