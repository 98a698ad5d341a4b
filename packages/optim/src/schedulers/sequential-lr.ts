import { checkOptionKeys } from '../option-check.js';
import { setGroupLr } from '../lr-value.js';
import { checkOptimizer, loadSchedulerState, schedulerStateDict, type AnyOptimizer, type LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';

export interface SequentialLROptions {
  /** The schedulers, in the order they take over; all on `optimizer`. */
  schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over (one fewer than the schedulers, increasing). */
  milestones: number[];
  /** The index of the last epoch (default −1). */
  lastEpoch?: number;
  /** Accepted as in PyTorch, whose SequentialLR does not use it either; the schedulers' own `verbose` prints. */
  verbose?: boolean;
}

/**
 * Runs schedulers one after another (torch.optim.lr_scheduler.SequentialLR):
 * scheduler i steps between milestones i − 1 and i. At a milestone the next
 * scheduler starts from epoch 0 (PyTorch calls its `step(0)`, the closed form
 * where it has one). Made, as in PyTorch, after the schedulers it sequences:
 * it resets the lrs to `initialLr` and undoes their initial steps.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, ConstantLR, ExponentialLR, SequentialLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
 * const warmup = new ConstantLR(opt, { factor: 0.1, totalIters: 2 });
 * const decay = new ExponentialLR(opt, { gamma: 0.9 });
 * const sched = new SequentialLR(opt, { schedulers: [warmup, decay], milestones: [2] });
 * // lr = 0.1, 0.1, then 1, 0.9, 0.81, ...
 * ```
 */
export class SequentialLR {
  readonly optimizer: AnyOptimizer;
  readonly schedulers: LRScheduler[];
  milestones: number[];
  lastEpoch: number;
  protected lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: SequentialLROptions) {
    checkOptimizer(optimizer, 'SequentialLR');
    checkOptionKeys('SequentialLR', options, ['schedulers', 'milestones', 'lastEpoch', 'verbose']);
    const { schedulers, milestones, lastEpoch = -1 } = options ?? ({} as SequentialLROptions);
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new TypeError('SequentialLR needs a non-empty array of schedulers');
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new Error(
          `Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        'Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, ' +
          `but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${Array.isArray(milestones) ? milestones.length : String(milestones)}`,
      );
    }
    this.optimizer = optimizer;
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = lastEpoch + 1;
    // Reset the lrs to their initial values and undo the steps the schedulers made when constructed.
    for (const g of optimizer.paramGroups) setGroupLr(g, g.initialLr as number);
    for (const s of this.schedulers) s.lastEpoch -= 1;
    (this.schedulers[0] as LRScheduler).initialStep();
    this.lastLr = (this.schedulers[0] as LRScheduler).getLastLr();
  }

  /** Advances one epoch: steps the scheduler whose turn it is (from epoch 0 at its milestone). */
  step(): void {
    this.lastEpoch += 1;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length; // bisect_right
    const scheduler = this.schedulers[idx] as LRScheduler;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  /** The lr of every group as of the last `step()`. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Its own fields and each scheduler's state dict (under `schedulers`). */
  stateDict(): SchedulerStateDict {
    return { ...schedulerStateDict(this, ['schedulers']), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** Restores a dict from {@link SequentialLR.stateDict | stateDict}; checks every part before changing any. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadComposite(this, this.schedulers, stateDict, 'SequentialLR');
  }
}

/** Loads a composite scheduler's dict: the parts are checked (by loading into copies) before anything changes. */
export function loadComposite(owner: object, schedulers: LRScheduler[], stateDict: SchedulerStateDict, name: string): void {
  if (typeof stateDict !== 'object' || stateDict === null || !Array.isArray(stateDict.schedulers)) {
    throw new TypeError(`${name}.loadStateDict expects the object that stateDict() returned, with a schedulers array`);
  }
  const { schedulers: parts, ...own } = stateDict as { schedulers: SchedulerStateDict[] } & SchedulerStateDict;
  if (parts.length !== schedulers.length) {
    throw new Error(`loaded ${name} state has ${parts.length} schedulers, but this one has ${schedulers.length}`);
  }
  // Dry runs on throwaway copies of each scheduler's fields first, so that a bad part changes nothing.
  loadSchedulerState(Object.assign(Object.create(Object.getPrototypeOf(owner) as object) as object, shallowFields(owner)), own);
  parts.forEach((part, i) => {
    const s = schedulers[i] as LRScheduler;
    loadSchedulerState(Object.assign(Object.create(Object.getPrototypeOf(s) as object) as object, shallowFields(s)), part);
  });
  loadSchedulerState(owner, own);
  parts.forEach((part, i) => (schedulers[i] as LRScheduler).loadStateDict(part));
}

function shallowFields(o: object): Record<string, unknown> {
  return { ...(o as Record<string, unknown>) };
}
