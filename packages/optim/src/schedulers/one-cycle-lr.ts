import { checkNumber, checkOptimizer, checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';
import { perGroup } from './per-group.js';

export interface OneCycleLROptions extends SchedulerBaseOptions {
  /** The peak lr, for all groups or one per group. */
  maxLr: number | number[];
  /** The number of steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** The fraction of the cycle spent rising (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' annealing. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle the momentum (or Adam's β1) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** The momentum at the peak lr (default 0.85). */
  baseMomentum?: number | number[];
  /** The momentum at the ends (default 0.95). */
  maxMomentum?: number | number[];
  /** initialLr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, down to initialLr, then to minLr) instead of two (default false). */
  threePhase?: boolean;
}

/** One phase of the cycle: its last step, and the group keys its lr and momentum run between. */
interface Phase {
  endStep: number;
  startLr: 'initialLr' | 'maxLr';
  endLr: 'initialLr' | 'maxLr' | 'minLr';
  startMomentum: 'maxMomentum' | 'baseMomentum';
  endMomentum: 'maxMomentum' | 'baseMomentum';
}

type Group = Record<string, unknown> & { betas?: number[] };

/**
 * The 1cycle policy (torch.optim.lr_scheduler.OneCycleLR), stepped once per
 * batch: the lr rises from maxLr/divFactor to maxLr over the first
 * `pctStart` of the steps, then anneals to initialLr/finalDivFactor; the
 * momentum (or β1) moves the opposite way. Annealing from a to b at fraction
 * p of a phase: cos: b + (a − b)(1 + cos πp)/2; linear: a + (b − a)p. It
 * writes `initialLr`, `maxLr`, `minLr`, `maxMomentum` and `baseMomentum`
 * into each group, as PyTorch does, so they travel with the optimizer's
 * state dict. Stepping past `totalSteps` throws.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, OneCycleLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const sched = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 100 });
 * sched.getLastLr(); // [0.004]: maxLr / 25
 * ```
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  phases: Phase[];
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1: boolean;

  constructor(optimizer: AnyOptimizer, options: OneCycleLROptions) {
    checkOptimizer(optimizer, 'OneCycleLR');
    checkSchedulerOptions('OneCycleLR', options, [
      'maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum',
      'divFactor', 'finalDivFactor', 'threePhase',
    ]);
    const {
      maxLr, totalSteps, epochs, stepsPerEpoch, pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true, baseMomentum = 0.85,
      maxMomentum = 0.95, divFactor = 25, finalDivFactor = 1e4, threePhase = false, lastEpoch = -1, verbose = false,
    } = options;
    let total: number;
    if (totalSteps === undefined && epochs === undefined && stepsPerEpoch === undefined) {
      throw new RangeError('You must define either totalSteps OR (epochs AND stepsPerEpoch)');
    } else if (totalSteps !== undefined) {
      if (!(Number.isInteger(totalSteps) && totalSteps > 0)) throw new RangeError(`Expected positive integer totalSteps, but got ${String(totalSteps)}`);
      total = totalSteps;
    } else {
      if (!(Number.isInteger(epochs) && (epochs as number) > 0)) throw new RangeError(`Expected positive integer epochs, but got ${String(epochs)}`);
      if (!(Number.isInteger(stepsPerEpoch) && (stepsPerEpoch as number) > 0)) {
        throw new RangeError(`Expected positive integer stepsPerEpoch, but got ${String(stepsPerEpoch)}`);
      }
      total = (epochs as number) * (stepsPerEpoch as number);
    }
    const phases: Phase[] = threePhase
      ? [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pctStart * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    if (!(typeof pctStart === 'number' && pctStart >= 0 && pctStart <= 1)) {
      throw new RangeError(`Expected float between 0 and 1 pctStart, but got ${String(pctStart)}`);
    }
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new RangeError(`annealStrategy must by one of 'cos' or 'linear', instead got ${String(annealStrategy)}`);
    }
    checkNumber('OneCycleLR', 'divFactor', divFactor);
    checkNumber('OneCycleLR', 'finalDivFactor', finalDivFactor);
    const groups = optimizer.paramGroups as unknown as Group[];
    const maxLrs = perGroup('maxLr', optimizer, maxLr);
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = (maxLrs[i] as number) / divFactor;
        g.maxLr = maxLrs[i];
        g.minLr = (g.initialLr as number) / finalDivFactor;
      });
    }
    const defaults = optimizer.defaults as Record<string, unknown>;
    let useBeta1 = false;
    if (cycleMomentum) {
      if (!('momentum' in defaults) && !('betas' in defaults)) throw new Error('optimizer must support momentum with `cycleMomentum` option enabled');
      useBeta1 = 'betas' in defaults;
      const maxMs = perGroup('maxMomentum', optimizer, maxMomentum);
      const baseMs = perGroup('baseMomentum', optimizer, baseMomentum);
      if (lastEpoch === -1) {
        groups.forEach((g, i) => {
          setMomentum(g, maxMs[i] as number, useBeta1);
          g.maxMomentum = maxMs[i];
          g.baseMomentum = baseMs[i];
        });
      }
    }
    super(optimizer, lastEpoch, verbose);
    this.totalSteps = total;
    this.phases = phases;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected computeLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new RangeError(`Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    return (this.optimizer.paramGroups as unknown as Group[]).map((group, gi) => {
      // PyTorch raises KeyError for a group added after the scheduler: say what is missing
      for (const key of ['initialLr', 'maxLr', 'minLr', ...(this.cycleMomentum ? ['maxMomentum', 'baseMomentum'] : [])]) {
        if (typeof group[key] !== 'number') throw new Error(`paramGroups[${gi}] has no ${key} (it was added after OneCycleLR was made): set it`);
      }
      let startStep = 0;
      let lr = Number.NaN;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i] as Phase;
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          lr = this.anneal(group[phase.startLr] as number, group[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            setMomentum(group, this.anneal(group[phase.startMomentum] as number, group[phase.endMomentum] as number, pct), this.useBeta1);
          }
          break;
        }
        startStep = phase.endStep;
      }
      return lr;
    });
  }
}

function setMomentum(group: Group, m: number, useBeta1: boolean): void {
  if (useBeta1) group.betas = [m, ...(group.betas as number[]).slice(1)];
  else group.momentum = m;
}
