import type { Tensor } from '@grad/core';
import { lrNumber, setGroupLr } from '../lr-value.js';
import { checkNumber, checkOptimizer, checkSchedulerOptions, loadSchedulerState, schedulerStateDict, type AnyOptimizer, type SchedulerStateDict } from './lr-scheduler.js';
import { formatEpoch, formatLr, warnEpochDeprecated } from './verbose.js';

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
  /** Print each reduction, as PyTorch 1.13 does (`Epoch 00005: reducing learning rate of group 0 to 1.0000e-02.`). */
  verbose?: boolean;
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
  /**
   * The scalar `minLr` given to the constructor, or null when it was given per
   * group: a group added to the optimizer later gets this bound (current
   * PyTorch's rule); with per-group bounds, reducing then is an error.
   */
  defaultMinLr: number | null;
  eps: number;
  verbose: boolean;
  /** The best metric so far (±Infinity before the first). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  protected lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    checkOptimizer(optimizer, 'ReduceLROnPlateau');
    checkSchedulerOptions('ReduceLROnPlateau', options, [
      'mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps',
    ]);
    const {
      mode = 'min',
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = 'rel',
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
      verbose = false,
    } = options;
    if (typeof verbose !== 'boolean') throw new TypeError(`verbose must be true or false, got ${String(verbose)}`);
    if (!(factor < 1)) throw new RangeError('Factor should be < 1.0.');
    if (mode !== 'min' && mode !== 'max') throw new RangeError(`mode ${String(mode)} is unknown!`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new RangeError(`threshold mode ${String(thresholdMode)} is unknown!`);
    const n = optimizer.paramGroups.length;
    if (Array.isArray(minLr)) {
      if (minLr.length !== n) throw new RangeError(`expected ${n} minLrs, got ${minLr.length}`);
      this.minLrs = [...minLr];
      this.defaultMinLr = null;
    } else {
      this.minLrs = new Array<number>(n).fill(minLr);
      this.defaultMinLr = minLr;
    }
    this.verbose = verbose;
    this.optimizer = optimizer;
    this.mode = mode;
    for (const [name, v] of Object.entries({ factor, patience, threshold, cooldown, eps })) checkNumber('ReduceLROnPlateau', name, v);
    if (Array.isArray(minLr)) minLr.forEach((v) => checkNumber('ReduceLROnPlateau', 'minLr', v));
    else checkNumber('ReduceLROnPlateau', 'minLr', minLr);
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.eps = eps;
    this.best = this.modeWorse;
    this.lastLr = optimizer.paramGroups.map((g) => lrNumber(g.lr));
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

  /**
   * Records one epoch's metric (a number, or a one-element tensor read to the
   * host). `epoch` sets the epoch count, as PyTorch's deprecated form does.
   */
  step(metric: number | Tensor, epoch?: number): void {
    const current = typeof metric === 'number' ? metric : Number(metric.item());
    if (epoch === undefined) {
      this.lastEpoch += 1;
    } else {
      if (typeof epoch !== 'number' || !Number.isFinite(epoch)) throw new TypeError(`step(metric, epoch) needs a finite epoch, got ${String(epoch)}`);
      warnEpochDeprecated();
      this.lastEpoch = epoch;
    }
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
    this.lastLr = this.optimizer.paramGroups.map((g) => lrNumber(g.lr));
  }

  private reduceLr(): void {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length) {
      if (this.defaultMinLr === null) {
        throw new Error(
          `The number of param groups in the optimizer (${groups.length}) differs from when ReduceLROnPlateau was initialized ` +
            `(${this.minLrs.length}), usually due to a new param group being added to the optimizer. ` +
            'Please modify the minLrs field to match the length of the optimizer param groups.',
        );
      }
      this.minLrs = new Array<number>(groups.length).fill(this.defaultMinLr);
    }
    groups.forEach((g, i) => {
      const oldLr = lrNumber(g.lr);
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i] as number);
      if (oldLr - newLr > this.eps) {
        setGroupLr(g, newLr);
        if (this.verbose) console.log(`Epoch ${formatEpoch(this.lastEpoch)}: reducing learning rate of group ${i} to ${formatLr(newLr)}.`);
      }
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
