import type { Optimizer, OptimizerOptions } from '../optimizer.js';
import { decodeValue, encodeValue, type StateValue } from '../state-codec.js';

/** Any optimizer: a scheduler only reads and writes its groups' `lr` (and `initialLr`). */
export type AnyOptimizer = Optimizer<OptimizerOptions, any>;

/** A scheduler's state as plain JSON: its fields, without the optimizer and any function. */
export type SchedulerStateDict = Record<string, StateValue>;

/**
 * The base of the epoch-based schedulers (torch.optim.lr_scheduler.LRScheduler).
 *
 * Construction records each group's starting lr as `initialLr` (unless a
 * scheduler already did), and, as in PyTorch, performs the first `step()`:
 * `lastEpoch` goes from −1 to 0 and the groups get the epoch-0 lr. Call
 * `step()` once per epoch, after `optimizer.step()`.
 *
 * A subclass computes the next lrs in `computeLr` (PyTorch's chainable
 * `get_lr`, which starts from the groups' current lr) and calls
 * `this.initialStep()` at the end of its constructor, once its own fields are set.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD, LRScheduler } from '@grad/optim';
 * registerBackend(cpu());
 * // a linear warm-up: lr = initialLr · min(1, (epoch + 1) / warmup)
 * class LinearWarmup extends LRScheduler {
 *   constructor(optimizer: SGD, readonly warmup: number) {
 *     super(optimizer);
 *     this.initialStep();
 *   }
 *   protected computeLr(): number[] {
 *     return this.baseLrs.map((lr) => lr * Math.min(1, (this.lastEpoch + 1) / this.warmup));
 *   }
 * }
 * const opt = new SGD([tensor([1], { requiresGrad: true })], { lr: 0.1 });
 * const sched = new LinearWarmup(opt, 4);
 * sched.getLastLr(); // [0.025]
 * ```
 */
export abstract class LRScheduler {
  readonly optimizer: AnyOptimizer;
  /** Each group's `initialLr`. */
  baseLrs: number[];
  /** The epoch count; −1 before the initial step. */
  lastEpoch: number;
  protected lastLr: number[] = [];
  protected stepCount = 0;

  constructor(optimizer: AnyOptimizer, lastEpoch = -1) {
    checkOptimizer(optimizer, new.target.name);
    if (!(Number.isInteger(lastEpoch) && lastEpoch >= -1)) {
      throw new RangeError(`lastEpoch must be an integer ≥ -1, got ${String(lastEpoch)}`);
    }
    this.optimizer = optimizer;
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) g.initialLr ??= g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new Error(`param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /** PyTorch's `_initial_step`: the constructor's first `step()`. */
  protected initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** The lrs for epoch `lastEpoch`, computed from the groups' current lrs. */
  protected abstract computeLr(): number[];

  /** Advances one epoch and writes the new lr into every parameter group. */
  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    const lrs = this.computeLr();
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = lrs[i] as number;
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lr of every group as of the last `step()`. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's fields as JSON (PyTorch's `__dict__` minus the optimizer). */
  stateDict(): SchedulerStateDict {
    return schedulerStateDict(this);
  }

  /** Restores fields saved by {@link LRScheduler.stateDict | stateDict}. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadSchedulerState(this, stateDict);
  }
}

/** Every own field except the optimizer and functions (an lr lambda is code, not state), JSON-safe. */
export function schedulerStateDict(scheduler: object): SchedulerStateDict {
  const out: SchedulerStateDict = {};
  for (const [key, value] of Object.entries(scheduler)) {
    if (key === 'optimizer' || typeof value === 'function') continue;
    if (Array.isArray(value) && value.some((v) => typeof v === 'function')) continue;
    out[key] = encodeValue(value);
  }
  return out;
}

export function loadSchedulerState(scheduler: object, stateDict: SchedulerStateDict): void {
  const name = scheduler.constructor.name;
  if (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict)) {
    throw new TypeError(`${name}.loadStateDict expects the object that stateDict() returned`);
  }
  for (const key of Object.keys(stateDict)) {
    if (key === 'optimizer' || !(key in scheduler)) {
      throw new Error(`loaded scheduler state has '${key}', which ${name} does not keep: is it from another scheduler?`);
    }
  }
  const target = scheduler as Record<string, unknown>;
  for (const [key, value] of Object.entries(stateDict)) target[key] = decodeValue(value);
}

export function checkOptimizer(optimizer: unknown, scheduler: string): asserts optimizer is AnyOptimizer {
  const groups = (optimizer as { paramGroups?: unknown } | null)?.paramGroups;
  if (!Array.isArray(groups)) {
    const what = optimizer === null || typeof optimizer !== 'object' ? String(optimizer) : optimizer.constructor.name;
    throw new TypeError(`${what} is not an Optimizer (${scheduler} needs one)`);
  }
}
