import { checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';
import { lambdasPerGroup, type LrLambda } from './lambda-lr.js';

export interface MultiplicativeLROptions extends SchedulerBaseOptions {
  /** The factor by which each epoch multiplies the lr: one function for every group, or one per group. */
  lrLambda: LrLambda | LrLambda[];
}

/**
 * Multiplies each group's lr by a function of the epoch, every epoch after the
 * 0th (torch.optim.lr_scheduler.MultiplicativeLR): lr_e = lr_{e−1} · λ(e).
 * The functions are not part of the state dict (code is not state).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, MultiplicativeLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new MultiplicativeLR(opt, { lrLambda: () => 0.95 });
 * sched.step();
 * sched.step();
 * sched.getLastLr(); // [0.09025]
 * ```
 */
export class MultiplicativeLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: AnyOptimizer, options: MultiplicativeLROptions) {
    checkSchedulerOptions('MultiplicativeLR', options, ['lrLambda']);
    const { lrLambda, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    this.lrLambdas = lambdasPerGroup('MultiplicativeLR', lrLambda, optimizer.paramGroups.length);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch <= 0) return lrs;
    // lr ← lr · λ(epoch), zip(lambdas, groups): a group added later keeps its lr
    return this.lrLambdas.slice(0, lrs.length).map((f, i) => (lrs[i] as number) * f(this.lastEpoch));
  }
}
