import { checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

export interface LinearLROptions extends SchedulerBaseOptions {
  /** The factor at epoch 0 (default 1/3; in (0, 1]). */
  startFactor?: number;
  /** The factor from epoch `totalIters` on (default 1; in [0, 1]). */
  endFactor?: number;
  /** How many epochs the factor takes to go from start to end (default 5). */
  totalIters?: number;
}

/**
 * Changes each group's lr by a linearly changing factor until epoch
 * `totalIters` (torch.optim.lr_scheduler.LinearLR), a warm-up:
 * lr = initialLr · (s + (e − s)·min(epoch, T)/T), in PyTorch's chainable form
 * lr_t = lr_{t−1} · (1 + (e − s) / (T·s + (t − 1)(e − s))).
 *
 * A `startFactor` of 0 is refused, as current PyTorch does (PyTorch 1.13
 * accepted it and divided by zero).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, LinearLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.05 });
 * const sched = new LinearLR(opt, { startFactor: 0.5, totalIters: 4 });
 * // lr = 0.025, 0.03125, 0.0375, 0.04375, then 0.05 from epoch 4
 * ```
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    checkSchedulerOptions('LinearLR', options, ['startFactor', 'endFactor', 'totalIters']);
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    if (!(typeof startFactor === 'number' && startFactor > 0 && startFactor <= 1)) {
      throw new RangeError('Starting multiplicative factor expected to be greater than 0 and less or equal to 1.');
    }
    if (!(typeof endFactor === 'number' && endFactor >= 0 && endFactor <= 1)) {
      throw new RangeError('Ending multiplicative factor expected to be between 0 and 1.');
    }
    if (!(Number.isInteger(totalIters) && totalIters > 0)) throw new RangeError(`LinearLR needs a positive integer totalIters, got ${String(totalIters)}`);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    const { startFactor: s, endFactor: e, totalIters: T, lastEpoch: t } = this;
    if (t === 0) return lrs.map((lr) => lr * s);
    if (t > T) return lrs;
    return lrs.map((lr) => lr * (1 + (e - s) / (T * s + (t - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: T, lastEpoch: t } = this;
    return this.baseLrs.map((base) => base * (s + ((e - s) * Math.min(T, t)) / T));
  }
}
