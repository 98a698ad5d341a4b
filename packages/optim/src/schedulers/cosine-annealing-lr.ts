import { checkNumber, checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

export interface CosineAnnealingLROptions extends SchedulerBaseOptions {
  /** Half the period of the cosine, in epochs (PyTorch's T_max). */
  tMax: number;
  /** The minimum lr η_min (default 0). */
  etaMin?: number;
}

/**
 * Anneals each group's lr along a cosine (torch.optim.lr_scheduler.CosineAnnealingLR),
 * with PyTorch's recursive form, so that it composes with other changes to lr:
 * ```text
 * η_t = η_min + (η_{t−1} − η_min) · (1 + cos(πt/T)) / (1 + cos(π(t−1)/T))
 * η_t = η_{t−1} + (η_0 − η_min) · (1 − cos(π/T)) / 2      when (t − 1 − T) mod 2T = 0
 * ```
 * Left alone, this follows the closed form η_t = η_min + (η_0 − η_min)(1 + cos(πt/T))/2
 * (SGDR without restarts), and keeps going past T (the cosine climbs back up).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, CosineAnnealingLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new CosineAnnealingLR(opt, { tMax: 10, etaMin: 0.001 });
 * for (let epoch = 0; epoch < 10; epoch++) sched.step();
 * sched.getLastLr(); // [0.001]
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;

  constructor(optimizer: AnyOptimizer, options: CosineAnnealingLROptions) {
    checkSchedulerOptions('CosineAnnealingLR', options, ['tMax', 'etaMin']);
    const { tMax, etaMin = 0, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    if (!(typeof tMax === 'number' && tMax > 0)) throw new RangeError(`CosineAnnealingLR needs a positive tMax, got ${String(tMax)}`);
    this.tMax = tMax;
    checkNumber('CosineAnnealingLR', 'etaMin', etaMin);
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    const { lastEpoch: t, tMax: T, etaMin } = this;
    if (t === 0) return lrs;
    if (this.stepCount === 1 && t > 0) {
      // resuming at epoch t: the closed form
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((t * Math.PI) / T))) / 2);
    }
    if (pyMod(t - 1 - T, 2 * T) === 0) {
      // zip(baseLrs, groups): a group added after the scheduler was made has no base lr and keeps its lr
      return this.baseLrs.slice(0, lrs.length).map((base, i) => (lrs[i] as number) + ((base - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return lrs.map((lr) => ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: t, tMax: T, etaMin } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2);
  }
}

/** Python's `%`: the result has the divisor's sign. */
function pyMod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
