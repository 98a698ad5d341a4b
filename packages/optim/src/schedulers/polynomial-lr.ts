import { checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

export interface PolynomialLROptions extends SchedulerBaseOptions {
  /** The epoch at which the lr reaches 0 (default 5). */
  totalIters?: number;
  /** The power of the polynomial (default 1: linear). */
  power?: number;
}

/**
 * Decays each group's lr along a polynomial to zero at epoch `totalIters`
 * (torch.optim.lr_scheduler.PolynomialLR, new in PyTorch 1.13):
 * lr = initialLr · (1 − min(epoch, T)/T)^p, in PyTorch's chainable form
 * lr_t = lr_{t−1} · ((1 − t/T) / (1 − (t − 1)/T))^p.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, PolynomialLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.001 });
 * const sched = new PolynomialLR(opt, { totalIters: 4, power: 1 });
 * // lr = 0.001, 0.00075, 0.0005, 0.00025, then 0 from epoch 4
 * ```
 */
export class PolynomialLR extends LRScheduler {
  totalIters: number;
  power: number;

  constructor(optimizer: AnyOptimizer, options: PolynomialLROptions = {}) {
    checkSchedulerOptions('PolynomialLR', options, ['totalIters', 'power']);
    const { totalIters = 5, power = 1, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    if (!(Number.isInteger(totalIters) && totalIters > 0)) throw new RangeError(`PolynomialLR needs a positive integer totalIters, got ${String(totalIters)}`);
    if (typeof power !== 'number' || Number.isNaN(power)) throw new TypeError(`PolynomialLR needs a number power, got ${String(power)}`);
    this.totalIters = totalIters;
    this.power = power;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    const { totalIters: T, lastEpoch: t } = this;
    if (t === 0 || t > T) return lrs;
    const decay = ((1 - t / T) / (1 - (t - 1) / T)) ** this.power;
    return lrs.map((lr) => lr * decay);
  }

  protected override closedFormLr(): number[] {
    const { totalIters: T, lastEpoch: t } = this;
    return this.baseLrs.map((base) => base * (1 - Math.min(T, t) / T) ** this.power);
  }
}
