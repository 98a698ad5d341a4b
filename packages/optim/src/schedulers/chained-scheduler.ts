import { checkOptimizer, schedulerStateDict, type AnyOptimizer, type LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
import { loadComposite } from './sequential-lr.js';
import { lrNumber } from '../lr-value.js';

/**
 * Steps several schedulers together, every epoch
 * (torch.optim.lr_scheduler.ChainedScheduler): each one's chainable rule is
 * applied to the lr the previous one left, so their effects multiply.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, ConstantLR, ExponentialLR, ChainedScheduler } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 1 });
 * const sched = new ChainedScheduler([
 *   new ConstantLR(opt, { factor: 0.1, totalIters: 2 }),
 *   new ExponentialLR(opt, { gamma: 0.9 }),
 * ]);
 * // lr = 0.1, 0.09, 0.81, 0.729, ... (the constant factor lifted at epoch 2)
 * ```
 */
export class ChainedScheduler {
  readonly optimizer: AnyOptimizer;
  readonly schedulers: LRScheduler[];
  protected lastLr: number[];

  /** `optimizer`, when given, must be the schedulers' (current PyTorch's optional argument). */
  constructor(schedulers: LRScheduler[], optimizer?: AnyOptimizer) {
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new TypeError('ChainedScheduler needs a non-empty array of schedulers');
    const first = (schedulers[0] as LRScheduler).optimizer;
    checkOptimizer(first, 'ChainedScheduler');
    schedulers.forEach((s, i) => {
      if (s.optimizer !== first) {
        throw new Error(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
      }
    });
    if (optimizer !== undefined && optimizer !== first) {
      throw new Error('ChainedScheduler expects all schedulers to belong to the same optimizer, but got the optimizer passed in to be different');
    }
    this.optimizer = first;
    this.schedulers = [...schedulers];
    this.lastLr = first.paramGroups.map((g) => lrNumber(g.lr));
  }

  /** Steps every scheduler, in order. */
  step(): void {
    for (const s of this.schedulers) s.step();
    this.lastLr = this.optimizer.paramGroups.map((g) => lrNumber(g.lr));
  }

  /** The lr of every group as of the last `step()`. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Its own fields and each scheduler's state dict (under `schedulers`). */
  stateDict(): SchedulerStateDict {
    return { ...schedulerStateDict(this, ['schedulers']), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** Restores a dict from {@link ChainedScheduler.stateDict | stateDict}; checks every part before changing any. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadComposite(this, this.schedulers, stateDict, 'ChainedScheduler');
  }
}
