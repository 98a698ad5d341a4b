import { checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

export interface ConstantLROptions extends SchedulerBaseOptions {
  /** The factor applied until `totalIters` (default 1/3; in [0, 1]). */
  factor?: number;
  /** The epoch at which the factor is lifted (default 5). */
  totalIters?: number;
}

/**
 * Multiplies each group's lr by a constant factor until epoch `totalIters`
 * (torch.optim.lr_scheduler.ConstantLR): lr = initialLr · factor for
 * epoch < totalIters, initialLr after, in PyTorch's chainable form (it
 * composes with other changes of lr).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, ConstantLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.05 });
 * const sched = new ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 * // lr = 0.025 for epochs 0..3, 0.05 from epoch 4
 * ```
 */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(optimizer: AnyOptimizer, options: ConstantLROptions = {}) {
    checkSchedulerOptions('ConstantLR', options, ['factor', 'totalIters']);
    const { factor = 1 / 3, totalIters = 5, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    if (!(typeof factor === 'number' && factor >= 0 && factor <= 1)) {
      throw new RangeError('Constant multiplicative factor expected to be between 0 and 1.');
    }
    if (!(Number.isInteger(totalIters) && totalIters >= 0)) throw new RangeError(`ConstantLR needs an integer totalIters ≥ 0, got ${String(totalIters)}`);
    this.factor = factor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0) return lrs.map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return lrs;
    return lrs.map((lr) => lr * (1 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const lifted = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((base) => base * (this.factor + lifted * (1 - this.factor)));
  }
}
