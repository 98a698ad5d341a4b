import type { Tensor } from '@grad/core';
import { checkOptimizer, loadSchedulerState, schedulerStateDict, type AnyOptimizer, type SchedulerStateDict } from './lr-scheduler.js';

export interface ReduceLROnPlateauOptions {
  /** 'min': lower metrics are better (a loss); 'max': higher are better (an accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** Factor the lr is multiplied by on a plateau (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before the lr drops (default 10). */
  patience?: number;
  /** How much better counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel': better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a drop before counting bad epochs again (default 0). */
  cooldown?: number;
  /** A lower bound on the lr, for all groups or one per group (default 0). */
  minLr?: number | number[];
  /** A drop smaller than eps is not made (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the lr when a metric has stopped improving
 * (torch.optim.lr_scheduler.ReduceLROnPlateau). After more than `patience`
 * epochs without improvement, each group's lr becomes max(lr·factor, minLr)
 * (if that changes it by more than eps), then `cooldown` epochs pass before
 * bad epochs are counted again. Unlike the other schedulers, the constructor
 * does not step, and `step` takes the metric.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, ReduceLROnPlateau } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new ReduceLROnPlateau(opt, { mode: 'min', patience: 2 });
 * for (const valLoss of [1, 0.9, 0.9, 0.9, 0.9]) sched.step(valLoss);
 * sched.getLastLr(); // [0.01]: three epochs without improvement
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: AnyOptimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLrs: number[];
  eps: number;
  /** The best metric so far (±Infinity before the first). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  protected lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    checkOptimizer(optimizer, 'ReduceLROnPlateau');
    const {
      mode = 'min',
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = 'rel',
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
    } = options;
    if (!(factor < 1)) throw new RangeError('Factor should be < 1.0.');
    if (mode !== 'min' && mode !== 'max') throw new RangeError(`mode ${String(mode)} is unknown!`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new RangeError(`threshold mode ${String(thresholdMode)} is unknown!`);
    const n = optimizer.paramGroups.length;
    if (Array.isArray(minLr)) {
      if (minLr.length !== n) throw new RangeError(`expected ${n} minLrs, got ${minLr.length}`);
      this.minLrs = [...minLr];
    } else {
      this.minLrs = new Array<number>(n).fill(minLr);
    }
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.eps = eps;
    this.best = this.modeWorse;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private get modeWorse(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  /** Whether `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    const { mode, thresholdMode, threshold } = this;
    if (mode === 'min' && thresholdMode === 'rel') return a < best * (1 - threshold);
    if (mode === 'min') return a < best - threshold;
    if (thresholdMode === 'rel') return a > best * (threshold + 1);
    return a > best + threshold;
  }

  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Records one epoch's metric (a number, or a one-element tensor read to the host). */
  step(metric: number | Tensor): void {
    const current = typeof metric === 'number' ? metric : metric.item();
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // ignore any bad epochs in cooldown
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i] as number);
      if (oldLr - newLr > this.eps) g.lr = newLr;
    });
  }

  /** The lr of every group as of the last `step()`. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's fields as JSON (`best` = ±Infinity is written as a string). */
  stateDict(): SchedulerStateDict {
    return schedulerStateDict(this);
  }

  loadStateDict(stateDict: SchedulerStateDict): void {
    loadSchedulerState(this, stateDict);
  }
}
