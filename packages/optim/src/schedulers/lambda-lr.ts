import { checkSchedulerOptions, LRScheduler, type AnyOptimizer, type SchedulerBaseOptions } from './lr-scheduler.js';

/** The factor applied to a group's initial lr at an epoch. */
export type LrLambda = (epoch: number) => number;

/**
 * One function per parameter group: the one given for all, or the list given
 * (which must have one per group), each checked to be a function.
 */
export function lambdasPerGroup(owner: string, lrLambda: LrLambda | LrLambda[], groups: number): LrLambda[] {
  if (Array.isArray(lrLambda) && lrLambda.length !== groups) throw new RangeError(`Expected ${groups} lrLambdas, but got ${lrLambda.length}`);
  const lambdas = Array.isArray(lrLambda) ? [...lrLambda] : Array.from({ length: groups }, () => lrLambda);
  for (const f of lambdas) {
    if (typeof f !== 'function') throw new TypeError(`${owner} needs lrLambda to be a function of the epoch, got ${String(f)}`);
  }
  return lambdas;
}

export interface LambdaLROptions extends SchedulerBaseOptions {
  /** One function for every group, or one per group. */
  lrLambda: LrLambda | LrLambda[];
}

/**
 * Sets each group's lr to its initial lr times a function of the epoch
 * (torch.optim.lr_scheduler.LambdaLR): lr = initialLr · λ(epoch). The
 * functions are not part of the state dict (code is not state).
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, LambdaLR } from '@grad/optim';
 * registerBackend(cpu());
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new LambdaLR(opt, { lrLambda: (epoch) => 0.95 ** epoch });
 * sched.step();
 * sched.getLastLr(); // [0.095]
 * ```
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: AnyOptimizer, options: LambdaLROptions) {
    checkSchedulerOptions('LambdaLR', options, ['lrLambda']);
    const { lrLambda, lastEpoch = -1, verbose = false } = options;
    super(optimizer, lastEpoch, verbose);
    this.lrLambdas = lambdasPerGroup('LambdaLR', lrLambda, optimizer.paramGroups.length);
    this.initialStep();
  }

  protected computeLr(): number[] {
    // lr = initialLr · λ(epoch), zip(lambdas, baseLrs): a group added later keeps its lr
    const n = Math.min(this.baseLrs.length, this.lrLambdas.length);
    return this.baseLrs.slice(0, n).map((base, i) => base * (this.lrLambdas[i] as LrLambda)(this.lastEpoch));
  }
}
