import { lrNumber, setGroupLr, type Lr } from '../lr-value.js';
import { checkNumber, checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';
import { perGroup } from './per-group.js';

export interface CyclicLROptions extends SchedulerBaseOptions {
  /** The lower lr bound of the cycle, for all groups or one per group. */
  baseLr: number | number[];
  /** The upper lr bound of the cycle, for all groups or one per group. */
  maxLr: number | number[];
  /** Iterations in the rising half of a cycle (default 2000). */
  stepSizeUp?: number;
  /** Iterations in the falling half (default: stepSizeUp). */
  stepSizeDown?: number;
  /** 'triangular' (default), 'triangular2' (the amplitude halves each cycle) or 'exp_range' (scaled by γ^iteration). */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** The base of 'exp_range' (default 1). */
  gamma?: number;
  /** A custom amplitude scale, 0 ≤ scaleFn(x) ≤ 1 for all x ≥ 0; replaces `mode`. */
  scaleFn?: (x: number) => number;
  /** What scaleFn is a function of: 'cycle' (default) or 'iterations'. */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle the momentum (or Adam's β1) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** The lower momentum bound (default 0.8). */
  baseMomentum?: number | number[];
  /** The upper momentum bound (default 0.9). */
  maxMomentum?: number | number[];
}

/**
 * Cycles each group's lr between two bounds (torch.optim.lr_scheduler.CyclicLR,
 * Smith's cyclical learning rates), stepped once per batch. At iteration i,
 * with a cycle of `up + down` iterations:
 * ```text
 * c = ⌊1 + i/(up + down)⌋,  x = 1 + i/(up + down) − c
 * f = x / r  if x ≤ r,  else (x − 1)/(r − 1)        where r = up / (up + down)
 * lr = base + (max − base)·f·scale(c or i)
 * momentum = maxM − (maxM − baseM)·f·scale(c or i)   if cycleMomentum
 * ```
 * Construction sets each group's lr to `baseLr`. The momentum cycles in
 * `momentum` (SGD, RMSprop) or, as current PyTorch does, in β1 of `betas`
 * (Adam and the like; PyTorch 1.13 refused optimizers without `momentum`).
 * A custom `scaleFn` is code, not state: it is left out of the state dict.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, CyclicLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const sched = new CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
 * for (let batch = 0; batch < 4; batch++) sched.step();
 * sched.getLastLr(); // [0.1]: the top of the first cycle
 * ```
 */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  totalSize: number;
  stepRatio: number;
  mode: 'triangular' | 'triangular2' | 'exp_range';
  gamma: number;
  scaleMode: 'cycle' | 'iterations';
  /** A custom scaleFn (code, so never in the state dict), or null. */
  scaleFnCustom: ((x: number) => number) | null;
  cycleMomentum: boolean;
  useBeta1: boolean;
  baseMomentums: number[];
  maxMomentums: number[];

  constructor(optimizer: AnyOptimizer, options: CyclicLROptions) {
    checkSchedulerOptions('CyclicLR', options, [
      'baseLr', 'maxLr', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode', 'cycleMomentum', 'baseMomentum', 'maxMomentum',
    ]);
    const {
      baseLr, maxLr, stepSizeUp = 2000, stepSizeDown, mode = 'triangular', gamma = 1, scaleFn, scaleMode = 'cycle',
      cycleMomentum = true, baseMomentum = 0.8, maxMomentum = 0.9, lastEpoch = -1, verbose = false,
    } = options;
    const baseLrs = perGroup('baseLr', optimizer, baseLr);
    if (lastEpoch === -1) baseLrs.forEach((lr, i) => setGroupLr(optimizer.paramGroups[i] as { lr: Lr }, lr));
    const defaults = optimizer.defaults as Record<string, unknown>;
    let baseMomentums: number[] = [];
    if (cycleMomentum) {
      if (!('momentum' in defaults) && !('betas' in defaults)) {
        throw new Error('optimizer must support momentum or beta1 with `cycleMomentum` option enabled');
      }
      const useBeta1 = 'betas' in defaults;
      const base = perGroup('baseMomentum', optimizer, baseMomentum);
      if (lastEpoch === -1) base.forEach((m, i) => setMomentum(optimizer.paramGroups[i] as unknown as Record<string, unknown>, m, useBeta1));
      baseMomentums = optimizer.paramGroups.map((g) => momentumOf(g as unknown as Record<string, unknown>, useBeta1));
    }
    super(optimizer, lastEpoch, verbose);
    this.maxLrs = perGroup('maxLr', optimizer, maxLr);
    const up = Number(stepSizeUp);
    const down = stepSizeDown === undefined ? up : Number(stepSizeDown);
    if (!(up > 0 && down > 0)) throw new RangeError(`CyclicLR needs positive step sizes, got stepSizeUp ${String(stepSizeUp)}, stepSizeDown ${String(stepSizeDown)}`);
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    if (!['triangular', 'triangular2', 'exp_range'].includes(mode) && scaleFn === undefined) throw new RangeError('mode is invalid and scaleFn is None');
    if (scaleFn !== undefined && typeof scaleFn !== 'function') throw new TypeError(`scaleFn must be a function, got ${String(scaleFn)}`);
    this.mode = mode;
    checkNumber('CyclicLR', 'gamma', gamma);
    this.gamma = gamma;
    this.scaleFnCustom = scaleFn ?? null;
    this.scaleMode = scaleFn === undefined ? (mode === 'exp_range' ? 'iterations' : 'cycle') : scaleMode;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = cycleMomentum && 'betas' in defaults;
    this.baseMomentums = baseMomentums;
    this.maxMomentums = cycleMomentum ? perGroup('maxMomentum', optimizer, maxMomentum) : [];
    // As PyTorch: the initial step uses the groups' initialLr, then baseLrs become the given bounds.
    this.initialStep();
    this.baseLrs = baseLrs;
  }

  /** The amplitude's scale at x (a cycle number or an iteration). */
  scaleFn(x: number): number {
    if (typeof this.scaleFnCustom === 'function') return this.scaleFnCustom(x);
    if (this.mode === 'triangular') return 1;
    if (this.mode === 'triangular2') return 1 / 2 ** (x - 1);
    return this.gamma ** x;
  }

  protected computeLr(): number[] {
    const i = this.lastEpoch;
    const cycle = Math.floor(1 + i / this.totalSize);
    const x = 1 + i / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scaleFn(this.scaleMode === 'cycle' ? cycle : i);
    const n = Math.min(this.baseLrs.length, this.maxLrs.length);
    const lrs = this.baseLrs.slice(0, n).map((base, k) => base + ((this.maxLrs[k] as number) - base) * scaleFactor * scale);
    if (this.cycleMomentum) {
      const groups = this.optimizer.paramGroups;
      this.baseMomentums.slice(0, Math.min(this.maxMomentums.length, groups.length)).forEach((base, k) => {
        const max = this.maxMomentums[k] as number;
        setMomentum(groups[k] as unknown as Record<string, unknown>, max - (max - base) * scaleFactor * scale, this.useBeta1);
      });
    }
    return lrs;
  }
}

function setMomentum(group: Record<string, unknown>, m: number, useBeta1: boolean): void {
  if (useBeta1) group.betas = [m, ...(group.betas as number[]).slice(1)];
  else group.momentum = m;
}

function momentumOf(group: Record<string, unknown>, useBeta1: boolean): number {
  return useBeta1 ? ((group.betas as number[])[0] as number) : lrNumber(group.momentum as number);
}
