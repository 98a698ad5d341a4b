import type { Optimizer, OptimizerOptions } from '../optimizer.js';
import { lrNumber, setGroupLr } from '../lr-value.js';
import { checkOptionKeys } from '../option-check.js';
import { decodeValue, encodeValue, type StateValue } from '../state-codec.js';
import { formatEpoch, formatLr, warnEpochDeprecated } from './verbose.js';

/** Any optimizer: a scheduler only reads and writes its groups' `lr` (and `initialLr`). */
export type AnyOptimizer = Optimizer<OptimizerOptions, any>;

/** A scheduler's state as plain JSON: its fields, without the optimizer and any function. */
export type SchedulerStateDict = Record<string, StateValue>;

/** The options every epoch-based scheduler takes. */
export interface SchedulerBaseOptions {
  /** The index of the last epoch, to resume a schedule (default −1: start afresh). */
  lastEpoch?: number;
  /**
   * Print each lr change, as PyTorch 1.13 does (`Adjusting learning rate of
   * group 0 to 1.0000e-01.`); default false. (PyTorch 2.2 deprecated it.)
   */
  verbose?: boolean;
}

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
  /** Each group's `initialLr`, as it was when the scheduler was made (a group added later has none: PyTorch leaves its lr alone). */
  baseLrs: number[];
  /** The epoch count; −1 before the initial step. */
  lastEpoch: number;
  /** Print every lr change (PyTorch's `verbose`). */
  verbose: boolean;
  protected lastLr: number[] = [];
  protected stepCount = 0;

  constructor(optimizer: AnyOptimizer, lastEpoch = -1, verbose = false) {
    checkOptimizer(optimizer, new.target.name);
    if (!(Number.isInteger(lastEpoch) && lastEpoch >= -1)) {
      throw new RangeError(`lastEpoch must be an integer ≥ -1, got ${String(lastEpoch)}`);
    }
    if (typeof verbose !== 'boolean') throw new TypeError(`verbose must be true or false, got ${String(verbose)}`);
    this.optimizer = optimizer;
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) g.initialLr ??= lrNumber(g.lr);
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new Error(`param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
    this.verbose = verbose;
  }

  /**
   * PyTorch's `_initial_step`: the constructor's first `step()`, which
   * SequentialLR also runs when it hands over to a scheduler.
   */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /**
   * The lrs for epoch `lastEpoch`, computed from the groups' current lrs
   * (PyTorch's chainable `get_lr`). Like PyTorch's `zip`, it may return fewer
   * lrs than there are groups: the groups left over keep their lr.
   */
  protected abstract computeLr(): number[];

  /**
   * The lrs at epoch `lastEpoch` from the initial lrs alone (PyTorch's
   * `_get_closed_form_lr`), used by `step(epoch)`; schedulers without one
   * use {@link LRScheduler.computeLr | computeLr} there too.
   */
  protected closedFormLr(): number[] | undefined {
    return undefined;
  }

  /** The groups' current lrs as numbers (a tensor lr is read back: this is the scheduler, not `optimizer.step()`). */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => lrNumber(g.lr));
  }

  /**
   * Advances one epoch and writes the new lr into every parameter group
   * (into a tensor lr in place). With `epoch`, jumps to that epoch as
   * PyTorch's deprecated `step(epoch)` does: the closed form where the
   * scheduler has one, with PyTorch's deprecation warning (once).
   */
  step(epoch?: number): void {
    this.stepCount += 1;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.computeLr();
    } else {
      checkEpoch(epoch);
      warnEpochDeprecated();
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.computeLr();
    }
    this.applyLrs(values, epoch);
  }

  /** Writes `values` into the groups (zip: extra groups untouched), prints them if verbose, records getLastLr. */
  protected applyLrs(values: number[], epoch?: number): void {
    const groups = this.optimizer.paramGroups;
    values.slice(0, groups.length).forEach((lr, i) => {
      setGroupLr(groups[i] as { lr: number }, lr);
      if (this.verbose) printLr(i, lr, epoch);
    });
    this.lastLr = this.currentLrs();
  }

  /** The lr of every group as of the last `step()`. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's fields as JSON (PyTorch's `__dict__` minus the optimizer). */
  stateDict(): SchedulerStateDict {
    return schedulerStateDict(this);
  }

  /** Restores fields saved by {@link LRScheduler.stateDict | stateDict}; a dict of another shape changes nothing. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadSchedulerState(this, stateDict);
  }
}

/** PyTorch's `print_lr`. */
export function printLr(group: number, lr: number, epoch?: number): void {
  if (epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${formatLr(lr)}.`);
  else console.log(`Epoch ${formatEpoch(epoch)}: adjusting learning rate of group ${group} to ${formatLr(lr)}.`);
}

function checkEpoch(epoch: unknown): asserts epoch is number {
  if (typeof epoch !== 'number' || !Number.isFinite(epoch)) throw new TypeError(`step(epoch) needs a finite number of epochs, got ${String(epoch)}`);
}

/** Every own field except the optimizer and functions (an lr lambda is code, not state), JSON-safe. */
export function schedulerStateDict(scheduler: object, exclude: readonly string[] = []): SchedulerStateDict {
  const out: SchedulerStateDict = {};
  for (const [key, value] of Object.entries(scheduler)) {
    if (key === 'optimizer' || exclude.includes(key) || typeof value === 'function') continue;
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
  const target = scheduler as Record<string, unknown>;
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stateDict)) {
    if (key === 'optimizer' || !(key in scheduler) || typeof target[key] === 'function') {
      throw new Error(`loaded scheduler state has '${key}', which ${name} does not keep: is it from another scheduler?`);
    }
    decoded[key] = decodeValue(value);
    const problem = mismatch(target[key], decoded[key]);
    if (problem !== undefined) throw new TypeError(`loaded scheduler state has '${key}' ${problem}, which ${name} cannot take`);
  }
  // Every field checked: now change them all.
  Object.assign(target, decoded);
}

/** How a loaded value differs in kind from the field it replaces (null and a number may stand for each other). */
function mismatch(current: unknown, loaded: unknown): string | undefined {
  const kind = (v: unknown) => (v === null || v === undefined ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const [a, b] = [kind(current), kind(loaded)];
  if (a === 'null' || b === 'null') return undefined;
  if (a !== b) return `of type ${b} where a ${a} is kept`;
  if (a === 'array') {
    const [x, y] = [current as unknown[], loaded as unknown[]];
    if (x.length !== y.length) return `with ${y.length} entries where ${x.length} are kept (one per parameter group)`;
    for (let i = 0; i < x.length; i++) {
      const inner = mismatch(x[i], y[i]);
      if (inner !== undefined) return `at index ${i} ${inner}`;
    }
  }
  return undefined;
}

/** A numeric option must be a number (a string or NaN would turn every lr into NaN, silently). */
export function checkNumber(owner: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${owner} needs a number ${name}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
}

/** Refuses unknown options (a misspelt `stepsize` must not fall back to a default). */
export function checkSchedulerOptions(name: string, options: unknown, known: readonly string[], base = ['lastEpoch', 'verbose']): void {
  if (options === undefined || options === null) throw new TypeError(`${name} needs an options object with ${known[0] ?? 'its options'}`);
  checkOptionKeys(name, options, [...known, ...base]);
}

export function checkOptimizer(optimizer: unknown, scheduler: string): asserts optimizer is AnyOptimizer {
  const groups = (optimizer as { paramGroups?: unknown } | null)?.paramGroups;
  if (!Array.isArray(groups)) {
    const what = optimizer === null || typeof optimizer !== 'object' ? String(optimizer) : optimizer.constructor.name;
    throw new TypeError(`${what} is not an Optimizer (${scheduler} needs one)`);
  }
}
