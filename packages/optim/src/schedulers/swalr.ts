import { checkSchedulerOptions, LRScheduler, type AnyOptimizer } from './lr-scheduler.js';

export interface SWALROptions {
  /** The lr to anneal to, for all groups or one per group. */
  swaLr: number | number[];
  /** Epochs the annealing takes (default 10; 0 jumps at once). */
  annealEpochs?: number;
  /** 'cos' (default) or 'linear'. */
  annealStrategy?: 'cos' | 'linear';
  /** The index of the last epoch (default −1). */
  lastEpoch?: number;
}

/**
 * Anneals each group's lr to a fixed value for stochastic weight averaging
 * (torch.optim.swa_utils.SWALR), then holds it. With α(t) the annealing
 * function of t = min(1, step/annealEpochs) (cos: (1 − cos πt)/2; linear: t):
 * ```text
 * lr_prev0 = (lr − α(t_prev)·swaLr) / (1 − α(t_prev))     (the lr the schedule started from; swaLr if α = 1)
 * lr ← swaLr·α(t) + lr_prev0·(1 − α(t))
 * ```
 * Each group gets `swaLr` as PyTorch does. (SWA's `AveragedModel`, which
 * needs modules, is not here; average the parameters with tensor ops.)
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, SWALR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const swa = new SWALR(opt, { swaLr: 0.05, annealEpochs: 5, annealStrategy: 'linear' });
 * for (let epoch = 0; epoch < 5; epoch++) swa.step();
 * swa.getLastLr(); // [0.05]
 * ```
 */
export class SWALR extends LRScheduler {
  annealEpochs: number;
  annealStrategy: 'cos' | 'linear';

  constructor(optimizer: AnyOptimizer, options: SWALROptions) {
    checkSchedulerOptions('SWALR', options, ['swaLr', 'annealEpochs', 'annealStrategy'], ['lastEpoch']);
    const { swaLr, annealEpochs = 10, annealStrategy = 'cos', lastEpoch = -1 } = options;
    const groups = optimizer?.paramGroups as unknown as Array<Record<string, unknown>> | undefined;
    if (Array.isArray(groups)) {
      const lrs = Array.isArray(swaLr) ? swaLr : groups.map(() => swaLr);
      if (lrs.length !== groups.length) {
        throw new RangeError(`swaLr must have the same length as optimizer.paramGroups: swaLr has ${lrs.length}, optimizer.paramGroups has ${groups.length}`);
      }
      lrs.forEach((lr, i) => {
        if (typeof lr !== 'number' || Number.isNaN(lr)) throw new TypeError(`swaLr must be a number or one per group, got ${JSON.stringify(swaLr)}`);
        (groups[i] as Record<string, unknown>).swaLr = lr;
      });
    }
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new RangeError(`annealStrategy must by one of 'cos' or 'linear', instead got ${String(annealStrategy)}`);
    }
    if (!(Number.isInteger(annealEpochs) && annealEpochs >= 0)) throw new RangeError(`annealEpochs must be equal or greater than 0, got ${String(annealEpochs)}`);
    super(optimizer, lastEpoch);
    this.annealEpochs = annealEpochs;
    this.annealStrategy = annealStrategy;
    this.initialStep();
  }

  private anneal(t: number): number {
    return this.annealStrategy === 'linear' ? t : (1 - Math.cos(Math.PI * t)) / 2;
  }

  protected computeLr(): number[] {
    let step = this.stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const groups = this.optimizer.paramGroups as unknown as Array<{ swaLr?: number }>;
    // PyTorch raises KeyError('swa_lr') for a group added after the scheduler: say what is missing
    groups.forEach((g, i) => {
      if (typeof g.swaLr !== 'number') throw new Error(`paramGroups[${i}] has no swaLr (it was added after SWALR was made): set its swaLr`);
    });
    const lrs = this.currentLrs();
    const prevAlpha = this.anneal(Math.max(0, Math.min(1, (step - 1) / Math.max(1, this.annealEpochs))));
    const prevLrs = lrs.map((lr, i) => {
      const swaLr = (groups[i] as { swaLr: number }).swaLr;
      return prevAlpha === 1 ? swaLr : (lr - prevAlpha * swaLr) / (1 - prevAlpha);
    });
    const alpha = this.anneal(Math.max(0, Math.min(1, step / Math.max(1, this.annealEpochs))));
    return prevLrs.map((lr, i) => (groups[i] as { swaLr: number }).swaLr * alpha + lr * (1 - alpha));
  }
}
