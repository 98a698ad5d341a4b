import type { Backend, StridedView, UnaryOp } from '../backend/backend.js';
import { UNARY_OPS } from '../ops/unary-rules.js';
import type { DType, TypedArray } from '../dtype.js';
import { isFloatingPoint } from '../dtype.js';
import { contiguousStrides, isContiguous, normalizeDim, numelOf } from '../shape.js';
import { AccumulateGrad } from '../autograd/accumulate-grad.js';
import type { Node, RemovableHandle, TensorHook } from '../autograd/node.js';
import {
  NON_LEAF_GRAD_WARNING,
  NON_LEAF_REQUIRES_GRAD_MESSAGE,
  ONLY_FLOAT_GRAD_MESSAGE,
} from '../autograd/errors.js';
import { isInferenceMode } from '../autograd/grad-mode.js';
import { StorageRef, trackHolder, untrackHolder } from './storage-ref.js';
import { registerInTidyScope } from './tidy.js';
import { formatTensor } from './format.js';
import { TensorOps } from './op-methods.js';
import { checkAssignedGrad, swapData } from './setters.js';
import { numpyView, readHost } from './host.js';
import * as unary from '../ops/unary.js';
import * as movement from '../ops/movement.js';
import * as convert from '../ops/convert.js';
import { backwardFrom, type BackwardOptions } from '../autograd/backward.js';
import { regenerateViewGradFn } from '../ops/view-history.js';
import { RuntimeError, TypeError } from '../errors.js';
import { checkOptions } from '../options.js';
import { valueTypeName } from '../shape.js';

export type { ShapeArgs } from './op-methods.js';

/**
 * The unary primitives' methods (`x.exp()`, `x.sin()`, …): one per entry of
 * the rule table, installed on the prototype below the class, so a new
 * primitive gets its method without an edit here.
 */
type UnaryMethods = { [P in UnaryOp]: () => Tensor };

/** A version counter, shared by a tensor and its views (PyTorch's `_version`). */
export interface VersionCounter {
  value: number;
}

let warnedNonLeafGrad = false;

/** backward()'s option keys. */
const BACKWARD_OPTIONS = ['retainGraph', 'createGraph', 'inputs'] as const;

/**
 * An n-dimensional array on a backend, that can record the operations made
 * on it for automatic differentiation (PyTorch's `torch.Tensor`).
 *
 * ```ts
 * const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
 * const out = x.add(2).pow(2).mul(3).mean();
 * out.backward();
 * x.grad; // tensor([[3.0000, 4.5000], [6.0000, 7.5000]])
 * ```
 */
// Declaration merging: the class below also has the op methods of TensorOps
// (op-methods.ts) and the unary primitives' methods, installed after it.
export interface Tensor extends UnaryMethods, TensorOps {}
export class Tensor {
  /** @internal */ _ref: StorageRef;
  /** @internal */ _shape: number[];
  /** @internal */ _strides: number[];
  /** @internal */ _offset: number;
  /** @internal */ _dtype: DType;
  /** @internal */ _version: VersionCounter;
  /** @internal The tensor whose storage this one views, if any. */
  _base: Tensor | null = null;
  /** @internal */ _requiresGrad = false;
  /** @internal */ _grad: Tensor | null = null;
  /** @internal */ _gradFn: Node | null = null;
  /** @internal Which output of `_gradFn` this is. */
  _outputNr = 0;
  /** @internal */ _accNode: AccumulateGrad | null = null;
  /** @internal Hooks of a leaf, run before accumulation (allocated on first use: most tensors never get one). */
  _hooks: TensorHook[] | null = null;
  /** @internal */ _postAccumulateHooks: Array<(t: Tensor) => void> | null = null;
  /** @internal */ _retainsGrad = false;
  /** @internal How many graph nodes hold this tensor for backward (tidy leaves those alone). */
  _savedCount = 0;
  /** @internal Kept by tidy (a .grad, or keep()). */
  _keep = false;
  /** @internal One of the views split/chunk/unbind made in grad mode, or a view of one: never modified in place (view-checks.ts). */
  _multiOutputView = false;
  /** @internal A view made while grad mode was off, or a view of one: not modified in place once it is back on (view-checks.ts). */
  _noGradView = false;
  /** @internal Made under inferenceMode. */
  _inference = false;
  /** @internal */ _disposed = false;
  /** @internal The version at which `_gradFn` was last set: a view whose base changed since gets a new one. */
  _gradFnVersion: number;

  /** @internal Use the creation functions (`tensor`, `zeros`, …) instead. */
  constructor(ref: StorageRef, shape: number[], strides: number[], offset: number, dtype: DType, version?: VersionCounter) {
    this._ref = ref;
    this._shape = shape;
    this._strides = strides;
    this._offset = offset;
    this._dtype = dtype;
    this._version = version ?? { value: 0 };
    this._gradFnVersion = this._version.value;
    this._inference = isInferenceMode();
    trackHolder(ref);
    registerInTidyScope(this);
  }

  /** @internal A new tensor owning `storage`: contiguous, or laid out with `strides` (which must cover the storage). */
  static _fromStorage(backend: Backend, storage: StridedView['storage'], shape: readonly number[], dtype: DType, strides?: readonly number[]): Tensor {
    return new Tensor(new StorageRef(backend, storage), [...shape], strides ? [...strides] : contiguousStrides(shape), 0, dtype);
  }

  // ---- metadata -------------------------------------------------------------

  /** The size of each dimension. */
  get shape(): readonly number[] {
    return this._shape;
  }
  /** Number of dimensions. */
  get ndim(): number {
    return this._shape.length;
  }
  /** Number of dimensions (torch.Tensor.dim). */
  dim(): number {
    return this._shape.length;
  }
  /** Number of elements. */
  numel(): number {
    return numelOf(this._shape);
  }
  /** The shape, or the size of dimension `d` (negative counts from the end). */
  size(): readonly number[];
  size(d: number): number;
  size(d?: number): readonly number[] | number {
    return d === undefined ? this._shape : this._shape[normalizeDim(d, this.ndim)]!;
  }
  /** Element strides of each dimension. */
  stride(): readonly number[];
  stride(d: number): number;
  stride(d?: number): readonly number[] | number {
    return d === undefined ? this._strides : this._strides[normalizeDim(d, this.ndim)]!;
  }
  /** Offset of the first element in the storage. */
  storageOffset(): number {
    return this._offset;
  }
  isContiguous(): boolean {
    return isContiguous(this._shape, this._strides);
  }
  get dtype(): DType {
    return this._dtype;
  }
  /** The backend that holds this tensor's memory. */
  get device(): string {
    return this._ref.backend.name;
  }
  /** PyTorch's `_version`: bumped by every in-place change of this tensor or a view of it. */
  get version(): number {
    return this._version.value;
  }
  /** Whether this tensor views another's storage. */
  get isView(): boolean {
    return this._base !== null;
  }
  /** @internal Cached kernel view; layout changes only through the `data` setter, which clears it. */
  /** @internal The strided view of this tensor, made once per layout. */
  _viewCache: StridedView | null = null;
  /** @internal This tensor as a kernel input. */
  get _view(): StridedView {
    if (this._disposed || this._ref.freed) throw new RuntimeError('Tensor is disposed: its memory was freed by dispose() or tidy().');
    return (this._viewCache ??= { storage: this._ref.storage, shape: this._shape, strides: this._strides, offset: this._offset });
  }
  /** @internal */
  get _backend(): Backend {
    return this._ref.backend;
  }

  // ---- autograd state -------------------------------------------------------

  /**
   * @internal A view whose memory was changed in place (through itself, its
   * base or another view) takes its history from its base's current one, as
   * PyTorch regenerates a view's grad_fn when the version moved.
   */
  _refreshView(): void {
    if (this._base === null || this._version.value === this._gradFnVersion) return;
    regenerateViewGradFn(this, this._base);
  }

  /** Whether gradients are recorded for this tensor. Set only on leaves. */
  get requiresGrad(): boolean {
    // PyTorch answers for a view from its base without regenerating its history, which a multi-output view refuses.
    if (this._multiOutputView) return this._requiresGrad || this._base!._requiresGrad;
    this._refreshView();
    return this._requiresGrad;
  }
  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }
  /** Sets requiresGrad in place and returns `this`. */
  requiresGrad_(flag = true): this {
    if (this._gradFn !== null) {
      if (flag) return this;
      throw new RuntimeError(NON_LEAF_REQUIRES_GRAD_MESSAGE);
    }
    if (flag && !isFloatingPoint(this._dtype)) throw new RuntimeError(ONLY_FLOAT_GRAD_MESSAGE);
    if (flag && this._inference) {
      throw new RuntimeError('Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.');
    }
    this._requiresGrad = flag;
    return this;
  }
  /** The node that made this tensor, or null for leaves and results made with recording off. */
  get gradFn(): Node | null {
    this._refreshView();
    return this._gradFn;
  }
  /** True for tensors not made by a recorded op (all tensors that don't require grad, and user-created ones that do). */
  get isLeaf(): boolean {
    this._refreshView();
    return this._gradFn === null;
  }
  /** The accumulated gradient. Reading it on a non-leaf without retainGrad() warns once and gives null. */
  get grad(): Tensor | null {
    if (this._gradFn !== null && !this._retainsGrad && this._grad === null && !warnedNonLeafGrad) {
      warnedNonLeafGrad = true;
      console.warn(`UserWarning: ${NON_LEAF_GRAD_WARNING}`);
    }
    return this._grad;
  }
  set grad(value: Tensor | null) {
    if (value !== null) checkAssignedGrad(this, value);
    this._grad = value;
  }
  /** @internal The AccumulateGrad node of a leaf that requires grad (one per leaf). */
  _accumulateGrad(): AccumulateGrad {
    return (this._accNode ??= new AccumulateGrad(this));
  }
  /** Makes backward fill `.grad` of this non-leaf too (no-op on leaves). */
  retainGrad(): void {
    if (!this._requiresGrad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (this._gradFn === null || this._retainsGrad) return;
    this._retainsGrad = true;
    this._gradFn._retainGrad ??= new Map();
    this._gradFn._retainGrad.set(this._outputNr, this);
  }
  /** Whether retainGrad() was called on this non-leaf. */
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  /**
   * Calls `fn(grad)` each time a gradient for this tensor is computed; `fn`
   * may return a replacement gradient.
   *
   * ```ts
   * x.registerHook((g) => g.mul(2)); // doubles x's gradient
   * ```
   */
  registerHook(fn: TensorHook): RemovableHandle {
    if (!this._requiresGrad) throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    if (this._gradFn) return this._gradFn._addTensorHook(this._outputNr, fn);
    const hooks = (this._hooks ??= []);
    hooks.push(fn);
    return { remove: () => void (hooks.includes(fn) && hooks.splice(hooks.indexOf(fn), 1)) };
  }
  /** Calls `fn(this)` after a gradient was accumulated into this leaf's `.grad`. */
  registerPostAccumulateGradHook(fn: (t: Tensor) => void): RemovableHandle {
    if (this._gradFn) throw new RuntimeError('post accumulate grad hooks cannot be registered on non-leaf tensors');
    if (!this._requiresGrad) throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    const hooks = (this._postAccumulateHooks ??= []);
    hooks.push(fn);
    return { remove: () => void (hooks.includes(fn) && hooks.splice(hooks.indexOf(fn), 1)) };
  }
  /**
   * Computes the gradient of this tensor with respect to the graph leaves and
   * accumulates it into their `.grad`. A tensor of more than one element needs
   * `gradient` (of its shape).
   */
  backward(gradient?: Tensor | number | null | BackwardOptions, options: BackwardOptions | null = {}): void {
    options ??= {};
    // `y.backward({ retainGraph: true })` reads naturally in JavaScript: a plain object first is the options.
    if (gradient !== null && typeof gradient === 'object' && !(gradient instanceof Tensor)) {
      checkOptions('backward', gradient, BACKWARD_OPTIONS);
      backwardFrom([this], [null], gradient);
      return;
    }
    if (gradient !== undefined && gradient !== null && typeof gradient !== 'number' && !(gradient instanceof Tensor)) {
      throw new TypeError(`backward(): gradient must be a Tensor, a number or null, not ${valueTypeName(gradient)}`);
    }
    checkOptions('backward', options, BACKWARD_OPTIONS);
    backwardFrom([this], gradient === undefined || gradient === null ? [null] : [gradient], options);
  }

  /** A new tensor sharing storage (and the version counter), cut from the graph. */
  detach(): Tensor {
    return movement.alias(this, true);
  }
  /** Cuts this tensor from the graph, in place. */
  detach_(): this {
    if (this._base !== null && this._base.requiresGrad) {
      throw new RuntimeError("Can't detach views in-place. Use detach() instead.");
    }
    this._gradFn = null;
    this._requiresGrad = false;
    return this;
  }
  /**
   * get: a tensor sharing storage, cut from the graph, whose in-place changes
   * autograd does not track (it has its own version counter — the classic
   * hazard of `.data`). set: swaps this tensor's storage and shape for the
   * value's, keeping `gradFn`.
   */
  get data(): Tensor {
    return movement.alias(this, false);
  }
  set data(value: Tensor) {
    swapData(this, value);
  }

  // ---- reading values -------------------------------------------------------

  /** @internal The elements in row-major order, on the host (a copy or the backend's own array). */
  _readHost(): TypedArray {
    return readHost(this);
  }
  /** The value of a one-element tensor as a JavaScript number (booleans as 0/1... see tolist for booleans). */
  item(): number {
    void this._view; // a disposed tensor says so first
    const n = this.numel();
    if (n !== 1) throw new RuntimeError(`a Tensor with ${n} elements cannot be converted to Scalar`);
    return this._readHost()[0]!;
  }
  /** Nested arrays of numbers (booleans for bool tensors); a number for a 0-d tensor. */
  tolist(): any {
    return convert.toNested(this);
  }
  /**
   * The flat typed array of a contiguous CPU tensor, sharing memory
   * (torch.Tensor.numpy). Refused for tensors that require grad while
   * recording is on, as PyTorch does.
   */
  numpy(): TypedArray {
    return numpyView(this);
  }

  /** Frees this tensor's device memory now (views keep the storage alive until they go too). */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    untrackHolder(this._ref);
  }
  /** Whether dispose() (or tidy) freed this tensor. */
  get isDisposed(): boolean {
    return this._disposed;
  }

  /** PyTorch's printed form: `tensor([[0., 1.], [2., 3.]], requires_grad=True)`. */
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
  get [Symbol.toStringTag](): string {
    return 'Tensor';
  }

  /** Transpose of a 2-D tensor (alias of t()). */
  get T(): Tensor { return movement.t(this); }
  /** The last two dimensions swapped. */
  get mT(): Tensor { return movement.transpose(this, -2, -1); }
}

// The op methods (see TensorOps), copied onto the prototype as they are.
for (const name of Object.getOwnPropertyNames(TensorOps.prototype)) {
  if (name !== 'constructor') Object.defineProperty(Tensor.prototype, name, Object.getOwnPropertyDescriptor(TensorOps.prototype, name)!);
}

// The unary primitives' methods, from the rule table (see UnaryMethods).
for (const op of UNARY_OPS) {
  Object.defineProperty(Tensor.prototype, op, {
    value: function (this: Tensor): Tensor {
      return unary.unaryOp(op, this);
    },
    writable: true,
    configurable: true,
  });
}
