import { enableGrad, keep, noGrad, tidy, Tensor } from '@grad/core';
import {
  checkImplementationOptions,
  withoutImplementationOptions,
  type ImplementationOption,
  type ImplementationOptions,
} from './implementation-options.js';
import type { Lr } from './lr-value.js';
import { checkOptionKeys, describeValue as describe } from './option-check.js';
import { decodeValue, encodeValue, isSerializedTensor, isTensor, shapeText, type StateValue } from './state-codec.js';
import { SCHEDULER_GROUP_KEYS, checkLrDevice, checkParam, checkParamState, decodeLrTensor } from './state-checks.js';
import { withDefaults } from './validation.js';

/** The option every optimizer has. */
export interface OptimizerOptions {
  /** Learning rate γ: a number, or a one-element tensor (see {@link Lr}). */
  lr: Lr;
}

/**
 * One parameter group: its tensors and the options they are trained with.
 * `initialLr` is PyTorch's `initial_lr`, set by a learning-rate scheduler.
 */
export type ParamGroup<O extends OptimizerOptions = OptimizerOptions> = O & {
  params: Tensor[];
  initialLr?: number;
};

/**
 * A parameter group as the user writes it: any option left out takes the
 * optimizer's default. The implementation options are typed for every
 * optimizer; one that PyTorch's optimizer does not take is refused when the
 * group is added.
 */
export type ParamGroupInput<O extends OptimizerOptions = OptimizerOptions> = Partial<O> & ImplementationOptions & {
  params: Tensor | Iterable<Tensor>;
  initialLr?: number;
};

/** What an optimizer's constructor takes: tensors, or parameter groups. */
export type Params<O extends OptimizerOptions = OptimizerOptions> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** A function that re-evaluates the model and returns the loss (PyTorch's closure). */
export type LossClosure<L extends Tensor | number = Tensor | number> = () => L;

/**
 * An optimizer's state as plain JSON (PyTorch's `state_dict()` layout):
 * `state` is keyed by the parameter's index (counted across groups in order),
 * `paramGroups` holds each group's options with `params` as those indices.
 * Tensors are {@link SerializedTensor}s, so `JSON.parse(JSON.stringify(sd))`
 * loads back into a fresh optimizer in another process. `optimizer` names the
 * class that wrote it, so a dict from another optimizer is refused.
 */
export interface OptimizerStateDict {
  optimizer?: string;
  state: Record<string, Record<string, StateValue>>;
  paramGroups: Array<{ params: number[]; [option: string]: StateValue }>;
}

/**
 * The base of every optimizer (torch.optim.Optimizer): parameter groups with
 * per-group options, `step`, `zeroGrad`, and a JSON-safe state dict.
 *
 * A subclass gives its defaults to `super`, checks options in
 * `validateGroup`, and either implements `initState` + `updateParam` (called
 * under `noGrad` for every parameter that has a gradient) or overrides `step`.
 *
 * @example
 * ```ts
 * import { tensor, registerBackend } from '@grad/core';
 * import { cpu } from '@grad/backend-cpu';
 * import { SGD } from '@grad/optim';
 * registerBackend(cpu());
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1 });
 * w.mul(w).sum().backward();
 * opt.step(); // w = [1, 2] - 0.1·[2, 4] = [0.8, 1.6]
 * opt.zeroGrad();
 * ```
 */
export abstract class Optimizer<O extends OptimizerOptions = OptimizerOptions, S extends object = Record<string, unknown>> {
  /** The options a group gets for what it leaves out. */
  readonly defaults: Readonly<O>;
  /** The parameter groups, in order; options may be changed between steps (schedulers do). */
  readonly paramGroups: Array<ParamGroup<O>> = [];
  /** Per-parameter state (momentum buffers, moment estimates), keyed by the parameter itself. */
  readonly state = new Map<Tensor, S>();

  /**
   * `defaults` are the optimizer's own defaults; `options` what the user gave.
   * A key of `options` that is neither an option of `defaults` nor one of
   * {@link Optimizer.implementationOptions} is refused (a misspelt option
   * must not train without it). Without `options`, `defaults` are taken as
   * they are (a subclass that merged them itself).
   */
  constructor(params: Params<O>, defaults: O, options?: Partial<O>) {
    if (options !== undefined) {
      this.checkGroupKeys(options, 'option', defaults);
      this.checkImplementationOptions(options);
      defaults = withDefaults(defaults, withoutImplementationOptions(options) as Partial<O>);
    }
    this.validateGroup(defaults);
    this.defaults = defaults;
    if (isTensor(params)) {
      throw new TypeError(
        'params argument given to the optimizer should be an iterable of Tensors or dicts, but got a Tensor ' +
          `of shape ${shapeText(params.shape)}: wrap it in an array, [param]`,
      );
    }
    if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${describe(params)}`,
      );
    }
    const list = Array.from(params as Iterable<Tensor | ParamGroupInput<O>>);
    if (list.length === 0) throw new Error('optimizer got an empty parameter list');
    // Groups are objects with a `params` field; anything else is taken for a parameter (and checked as one).
    const isGroup = (x: unknown) => typeof x === 'object' && x !== null && !isTensor(x) && !Array.isArray(x) && 'params' in x;
    const groups = list.some(isGroup) ? (list as Array<ParamGroupInput<O>>) : [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>];
    for (const group of groups) this.addParamGroup(group);
  }

  /** The class name written into state dicts and messages ('SGD', 'Adam', ...). */
  protected abstract get kind(): string;

  /** The per-parameter state keys this optimizer keeps; a loaded dict with others is refused. */
  protected abstract get stateKeys(): readonly string[];

  /**
   * The options PyTorch's version of this optimizer takes that choose an
   * implementation rather than a result (`foreach`, `fused`, `capturable`,
   * `differentiable`): accepted and checked, see implementation-options.ts for
   * what each does here. None by default.
   */
  protected get implementationOptions(): readonly ImplementationOption[] {
    return [];
  }

  /** Throws if a group's options are out of range (PyTorch's constructor checks, applied to every group). */
  protected abstract validateGroup(options: O): void;

  /** The state of a parameter before its first update. */
  protected initState(_param: Tensor, _group: ParamGroup<O>): S {
    throw new Error(`${this.kind} must implement initState or override step`);
  }

  /** One parameter's update, in place, under `noGrad`. */
  protected updateParam(_param: Tensor, _grad: Tensor, _state: S, _group: ParamGroup<O>): void {
    throw new Error(`${this.kind} must implement updateParam or override step`);
  }

  /**
   * Adds a group of parameters, with its own options (torch's `add_param_group`):
   * for fine-tuning a pre-trained network, say, as frozen layers are unfrozen.
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    if (typeof group !== 'object' || group === null || isTensor(group) || !('params' in group)) {
      throw new TypeError(
        `a parameter group must be an object with a params field, like { params: [w, b], lr: 0.1 }, but got ${describe(group)}`,
      );
    }
    const raw = group.params;
    if (raw === null || typeof raw !== 'object' || (!isTensor(raw) && typeof (raw as Iterable<Tensor>)[Symbol.iterator] !== 'function')) {
      throw new TypeError(`a parameter group's params must be a Tensor or an iterable of Tensors, but got ${describe(raw)}`);
    }
    const params: Tensor[] = isTensor(raw) ? [raw] : Array.from(raw);
    for (const p of params) checkParam(p);
    this.checkGroupKeys(group, 'parameter group option', this.defaults);
    this.checkImplementationOptions(group);

    const full: Record<string, unknown> = { ...withoutImplementationOptions(group), params };
    for (const [key, value] of Object.entries(this.defaults)) {
      // Arrays (betas) are copied so that groups never share a mutable option.
      if (full[key] === undefined) full[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
    if (new Set(params).size !== params.length) {
      console.warn(
        'optimizer contains a parameter group with duplicate parameters; ' +
          'in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information',
      );
    }
    const existing = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => existing.has(p))) throw new Error('some parameters appear in more than one parameter group');
    this.validateGroup(full as unknown as O);
    checkLrDevice(full.lr, params);
    this.paramGroups.push(full as unknown as ParamGroup<O>);
  }

  /**
   * One optimization step. With a closure, the closure runs first with grad
   * recording on (it typically zeroes the grads, computes the loss and calls
   * `backward`), and its loss is returned. The update itself runs under
   * `noGrad` and changes the parameters in place.
   */
  step<L extends Tensor | number>(closure?: LossClosure<L>): L | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    // In a tidy scope: the update's temporaries are freed at once (device
    // memory), while the state tensors are kept — also when the user calls
    // step() inside a tidy() of their own.
    noGrad(() =>
      tidy(() => {
        for (const group of this.paramGroups) {
          for (const param of group.params) {
            const grad = param.grad;
            if (grad === null) continue;
            let state = this.state.get(param);
            if (state === undefined) {
              state = this.initState(param, group);
              this.state.set(param, state);
            }
            this.updateParam(param, grad, state, group);
            keepTensors(state);
          }
        }
      }),
    );
    return loss;
  }

  /**
   * Clears every parameter's gradient. With `setToNone` (the default, as in
   * PyTorch 2) `grad` becomes `null`, which saves memory and lets `step` skip
   * the parameter; with `setToNone: false` it is filled with zeros in place.
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    checkOptionKeys(`${this.kind}.zeroGrad`, options, ['setToNone']);
    const { setToNone = true } = options;
    if (typeof setToNone !== 'boolean') throw new TypeError(`setToNone must be true or false, got ${String(setToNone)}`);
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const g = p.grad;
          if (g === null) continue;
          if (setToNone) {
            p.grad = null;
            continue;
          }
          if (g.gradFn !== null) g.detach_();
          else if (g.requiresGrad) g.requiresGrad_(false);
          g.zero_();
        }
      }
    });
  }

  /**
   * The optimizer's state as plain JSON (see {@link OptimizerStateDict}); it
   * copies every state tensor to the host, so call it between steps.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const { params, ...options } = group as ParamGroup<O>;
      const ids = params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p) as number;
      });
      return { ...(encodeValue(options) as Record<string, StateValue>), params: ids };
    });
    const state: Record<string, Record<string, StateValue>> = {};
    for (const [p, s] of this.state) {
      const id = index.get(p);
      if (id !== undefined) state[String(id)] = encodeValue(s) as Record<string, StateValue>;
    }
    return { optimizer: this.kind, state, paramGroups };
  }

  /**
   * Restores a state dict written by {@link Optimizer.stateDict | stateDict} (possibly through JSON,
   * possibly in another process) into an optimizer built over the same
   * parameters, in the same group layout. Group options come from the dict;
   * state tensors take each parameter's dtype and device. Nothing changes if
   * the dict is refused.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const sd = stateDict as unknown as Record<string, unknown>;
    const savedGroups = (sd?.paramGroups ?? sd?.param_groups) as OptimizerStateDict['paramGroups'] | undefined;
    if (typeof sd !== 'object' || sd === null || typeof sd.state !== 'object' || sd.state === null || !Array.isArray(savedGroups)) {
      throw new TypeError("loaded state dict is not an optimizer state dict: expected an object { state, paramGroups }");
    }
    if (sd.optimizer !== undefined && sd.optimizer !== this.kind) {
      throw new Error(`loaded state dict is from a ${String(sd.optimizer)} optimizer, but this optimizer is ${this.kind}`);
    }
    if (savedGroups.length !== this.paramGroups.length) {
      throw new Error('loaded state dict has a different number of parameter groups');
    }
    const idMap = new Map<number, Tensor>();
    savedGroups.forEach((g, gi) => {
      const own = (this.paramGroups[gi] as ParamGroup<O>).params;
      if (typeof g !== 'object' || g === null || !Array.isArray(g.params) || g.params.length !== own.length) {
        throw new Error("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
      }
      for (const key of Object.keys(this.defaults)) {
        if (!(key in g)) {
          throw new Error(
            `loaded state dict's parameter group ${gi} has no '${key}' option, which ${this.kind} needs: is it from another optimizer?`,
          );
        }
      }
      for (const key of Object.keys(g)) {
        if (key !== 'params' && !SCHEDULER_GROUP_KEYS.includes(key) && !(key in this.defaults)) {
          throw new Error(
            `loaded state dict's parameter group ${gi} has an option '${key}', which ${this.kind} does not have: is it from another optimizer?`,
          );
        }
      }
      g.params.forEach((id, j) => idMap.set(id, own[j] as Tensor));
    });

    const groups = savedGroups.map((g, gi) => {
      const { params: _ids, lr, ...saved } = g;
      const own = (this.paramGroups[gi] as ParamGroup<O>).params;
      const options = decodeValue(saved) as Record<string, unknown>;
      // A tensor lr comes back on the group's device, in its own dtype.
      options.lr = isSerializedTensor(lr) || isTensor(lr) ? decodeLrTensor(lr, own[0]) : decodeValue(lr);
      this.validateGroup(options as unknown as O);
      checkLrDevice(options.lr, own);
      return { ...options, params: own } as unknown as ParamGroup<O>;
    });

    const state = new Map<Tensor, S>();
    for (const [key, value] of Object.entries(sd.state as Record<string, unknown>)) {
      const param = idMap.get(Number(key));
      if (param === undefined) {
        throw new Error(`loaded state dict has state for parameter ${key}, which none of its parameter groups lists`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new TypeError(`loaded state dict's state for parameter ${key} is not an object`);
      }
      this.checkLoadedState(Number(key), param, value as Record<string, unknown>);
      state.set(param, decodeValue(value, param) as S);
    }

    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
    this.state.clear();
    for (const [p, s] of state) {
      keepTensors(s);
      this.state.set(p, s);
    }
  }

  /**
   * Checks one parameter's saved state before it is loaded: only keys this
   * optimizer keeps, and tensors of the parameter's shape.
   */
  protected checkLoadedState(index: number, param: Tensor, state: Record<string, unknown>): void {
    checkParamState(this.kind, this.stateKeys, this.scalarStateKeys, index, param, state);
  }

  /** The state keys that hold numbers (step counts, scalars); every other state key holds a tensor. */
  protected get scalarStateKeys(): readonly string[] {
    return ['step'];
  }

  private checkImplementationOptions(options: object): void {
    checkImplementationOptions(this.kind, options, this.implementationOptions);
  }

  /**
   * Refuses an option this optimizer does not have (PyTorch's "unexpected
   * keyword argument"), with a "did you mean" for a near miss such as a
   * snake_case spelling (`weight_decay` → `weightDecay`) or a case slip.
   */
  private checkGroupKeys(options: object, what: string, defaults: O): void {
    const known = [...Object.keys(defaults), ...this.implementationOptions];
    if (what !== 'option') known.push('params', 'initialLr');
    checkOptionKeys(this.kind, options, known, what);
  }
}

/** Marks the tensors of a parameter's state as kept by tidy() scopes: the optimizer owns them across steps. */
function keepTensors(state: unknown): void {
  if (state === null || typeof state !== 'object') return;
  for (const v of Object.values(state as Record<string, unknown>)) if (v instanceof Tensor) keep(v);
}
