import { checkNumber, checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

export interface CosineAnnealingWarmRestartsOptions extends SchedulerBaseOptions {
  /** The length of the first period, in epochs (PyTorch's T_0; a positive integer). */
  t0: number;
  /** Each period is tMult times the previous one (PyTorch's T_mult; an integer ≥ 1, default 1). */
  tMult?: number;
  /** The minimum lr η_min (default 0). */
  etaMin?: number;
}

/**
 * SGDR: cosine annealing with warm restarts
 * (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts):
 * lr = η_min + (η_0 − η_min)(1 + cos(π·T_cur/T_i))/2, where T_cur counts the
 * epochs since the last restart and the period T_i starts at t0 and is
 * multiplied by tMult at every restart.
 *
 * `step(epoch)` takes a fractional epoch too, to step per batch:
 * `sched.step(epoch + i / iters)` (PyTorch's documented use; no warning).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, CosineAnnealingWarmRestarts } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new CosineAnnealingWarmRestarts(opt, { t0: 10, tMult: 2 });
 * // restarts at epochs 10, 30, 70, ...
 * ```
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  t0: number;
  /** The current period. */
  tI: number;
  tMult: number;
  etaMin: number;
  /** Epochs since the last restart (fractional with `step(epoch)`). */
  tCur: number;

  constructor(optimizer: AnyOptimizer, options: CosineAnnealingWarmRestartsOptions) {
    checkSchedulerOptions('CosineAnnealingWarmRestarts', options, ['t0', 'tMult', 'etaMin']);
    const { t0, tMult = 1, etaMin = 0, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    if (!(Number.isInteger(t0) && t0 > 0)) throw new RangeError(`Expected positive integer t0, but got ${String(t0)}`);
    if (!(Number.isInteger(tMult) && tMult >= 1)) throw new RangeError(`Expected integer tMult >= 1, but got ${String(tMult)}`);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    checkNumber('CosineAnnealingWarmRestarts', 'etaMin', etaMin);
    this.etaMin = etaMin;
    this.tCur = lastEpoch;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { etaMin, tCur, tI } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2);
  }

  /** Advances one epoch, or jumps to `epoch` (which may be fractional). */
  override step(epoch?: number): void {
    this.stepCount += 1;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.tMult;
      }
    } else {
      if (typeof epoch !== 'number' || !Number.isFinite(epoch)) throw new TypeError(`step(epoch) needs a finite number, got ${String(epoch)}`);
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) {
          this.tCur = epoch % this.t0;
        } else {
          // n restarts so far: t0(tMult^n − 1)/(tMult − 1) ≤ epoch
          const n = Math.trunc(Math.log((epoch / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
          this.tCur = epoch - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
          this.tI = this.t0 * this.tMult ** n;
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    // PyTorch prints the epoch here even when step() got none
    this.applyLrs(this.computeLr(), epoch);
  }
}

