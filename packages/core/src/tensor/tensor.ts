import type { Backend, StridedView } from '../backend/backend.js';
import type { DType, TypedArray } from '../dtype.js';
import { isFloatingPoint } from '../dtype.js';
import { contiguousStrides, isContiguous, normalizeDim, numelOf } from '../shape.js';
import { AccumulateGrad } from '../autograd/accumulate-grad.js';
import type { Node, RemovableHandle, TensorHook } from '../autograd/node.js';
import {
  NON_LEAF_GRAD_WARNING,
  NON_LEAF_REQUIRES_GRAD_MESSAGE,
  NUMPY_REQUIRES_GRAD_MESSAGE,
  ONLY_FLOAT_GRAD_MESSAGE,
} from '../autograd/errors.js';
import { isGradEnabled, isInferenceMode } from '../autograd/grad-mode.js';
import { StorageRef, trackHolder, untrackHolder } from './storage-ref.js';
import { registerInTidyScope } from './tidy.js';
import { formatTensor } from './format.js';
import * as unary from '../ops/unary.js';
import * as binary from '../ops/binary.js';
import * as compare from '../ops/compare.js';
import * as reduce from '../ops/reduce.js';
import * as movement from '../ops/movement.js';
import * as indexing from '../ops/indexing.js';
import * as linalg from '../ops/linalg.js';
import * as inplace from '../ops/inplace.js';
import * as convert from '../ops/convert.js';
import { backwardFrom, type BackwardOptions } from '../autograd/backward.js';
import { regenerateViewGradFn } from '../ops/view-history.js';

/** A shape given as an array or as trailing numbers: `reshape(2, 3)` or `reshape([2, 3])`. */
export type ShapeArgs = [readonly number[]] | number[];

/** A version counter, shared by a tensor and its views (PyTorch's `_version`). */
export interface VersionCounter {
  value: number;
}

let warnedNonLeafGrad = false;

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

  /** @internal A new contiguous tensor owning `storage`. */
  static _fromStorage(backend: Backend, storage: StridedView['storage'], shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new StorageRef(backend, storage), [...shape], contiguousStrides(shape), 0, dtype);
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
  private _viewCache: StridedView | null = null;
  /** @internal This tensor as a kernel input. */
  get _view(): StridedView {
    if (this._disposed || this._ref.freed) throw new Error('Tensor is disposed: its memory was freed by dispose() or tidy().');
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
      throw new Error(NON_LEAF_REQUIRES_GRAD_MESSAGE);
    }
    if (flag && !isFloatingPoint(this._dtype)) throw new Error(ONLY_FLOAT_GRAD_MESSAGE);
    if (flag && this._inference) {
      throw new Error('Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.');
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
    if (value !== null) {
      if (!(value instanceof Tensor)) throw new TypeError('assigned grad must be a Tensor or null');
      if (value.device !== this.device) {
        throw new Error(`assigned grad has data located on ${value.device} different from the tensor on ${this.device}`);
      }
      if (value.dtype !== this.dtype) {
        throw new TypeError(`assigned grad has data of a different type (${value.dtype}) than the tensor (${this.dtype})`);
      }
      if (value.shape.length !== this.ndim || value.shape.some((d, i) => d !== this._shape[i])) {
        throw new RangeError('assigned grad has data of a different size');
      }
      value._keep = true;
    }
    this._grad = value;
  }
  /** @internal The AccumulateGrad node of a leaf that requires grad (one per leaf). */
  _accumulateGrad(): AccumulateGrad {
    return (this._accNode ??= new AccumulateGrad(this));
  }
  /** Makes backward fill `.grad` of this non-leaf too (no-op on leaves). */
  retainGrad(): void {
    if (!this._requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
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
    if (!this._requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    if (this._gradFn) return this._gradFn._addTensorHook(this._outputNr, fn);
    const hooks = (this._hooks ??= []);
    hooks.push(fn);
    return { remove: () => void (hooks.includes(fn) && hooks.splice(hooks.indexOf(fn), 1)) };
  }
  /** Calls `fn(this)` after a gradient was accumulated into this leaf's `.grad`. */
  registerPostAccumulateGradHook(fn: (t: Tensor) => void): RemovableHandle {
    if (this._gradFn) throw new Error('post accumulate grad hooks cannot be registered on non-leaf tensors');
    if (!this._requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    const hooks = (this._postAccumulateHooks ??= []);
    hooks.push(fn);
    return { remove: () => void (hooks.includes(fn) && hooks.splice(hooks.indexOf(fn), 1)) };
  }
  /**
   * Computes the gradient of this tensor with respect to the graph leaves and
   * accumulates it into their `.grad`. A tensor of more than one element needs
   * `gradient` (of its shape).
   */
  backward(gradient?: Tensor | number | null | BackwardOptions, options: BackwardOptions = {}): void {
    // `y.backward({ retainGraph: true })` reads naturally in JavaScript: a plain object first is the options.
    if (gradient !== null && typeof gradient === 'object' && !(gradient instanceof Tensor)) {
      backwardFrom([this], [null], gradient);
      return;
    }
    backwardFrom([this], gradient === undefined || gradient === null ? [null] : [gradient], options);
  }

  /** A new tensor sharing storage (and the version counter), cut from the graph. */
  detach(): Tensor {
    return movement.alias(this, true);
  }
  /** Cuts this tensor from the graph, in place. */
  detach_(): this {
    if (this._base !== null && this._base.requiresGrad) {
      throw new Error("Can't detach views in-place. Use detach() instead.");
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
    if (!(value instanceof Tensor)) throw new TypeError('data must be set to a Tensor');
    if (value.device !== this.device) {
      throw new Error(`Expected all tensors to be on the same device, but found at least two devices, ${this.device} and ${value.device}!`);
    }
    if (this._requiresGrad && !isFloatingPoint(value.dtype)) throw new Error(ONLY_FLOAT_GRAD_MESSAGE);
    if (value._ref !== this._ref) {
      const old = this._ref;
      value._ref.track();
      trackHolder(value._ref);
      untrackHolder(old);
      this._ref = value._ref;
    }
    this._shape = [...value._shape];
    this._strides = [...value._strides];
    this._offset = value._offset;
    this._dtype = value._dtype;
    this._viewCache = null;
  }

  // ---- reading values -------------------------------------------------------

  /** @internal The elements in row-major order, on the host (a copy or the backend's own array). */
  _readHost(): TypedArray {
    const view = this._view; // throws if disposed
    const backend = this._backend;
    if (this.isContiguous() && this._offset === 0 && this._ref.storage.length === this.numel()) {
      return backend.read(this._ref.storage);
    }
    const storage = backend.kernels.contiguous(view);
    try {
      return backend.read(storage).slice() as TypedArray;
    } finally {
      backend.dispose(storage);
    }
  }
  /** The value of a one-element tensor as a JavaScript number (booleans as 0/1... see tolist for booleans). */
  item(): number {
    void this._view; // a disposed tensor says so first
    const n = this.numel();
    if (n !== 1) throw new RangeError(`a Tensor with ${n} elements cannot be converted to Scalar`);
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
    void this._view; // a disposed tensor says so first
    if (this._requiresGrad && isGradEnabled()) throw new Error(NUMPY_REQUIRES_GRAD_MESSAGE);
    if (this.device !== 'cpu') {
      throw new TypeError(`can't convert ${this.device} device type tensor to numpy. Use tensor.to('cpu') to copy the tensor to host memory first.`);
    }
    if (!this.isContiguous()) throw new Error('numpy() needs a contiguous tensor; call .contiguous() first');
    const all = this._backend.read(this._view.storage);
    return all.subarray(this._offset, this._offset + this.numel()) as TypedArray;
  }

  // ---- copies and casts -----------------------------------------------------

  /** A differentiable copy with its own storage. */
  clone(): Tensor {
    return convert.clone(this);
  }
  /** This tensor if row-major already, else a differentiable contiguous copy. */
  contiguous(): Tensor {
    return this.isContiguous() ? this : convert.clone(this);
  }
  /** Copies to another device (backend name) or casts to a dtype; differentiable. */
  to(deviceOrDtype: string): Tensor {
    return convert.to(this, deviceOrDtype);
  }
  float(): Tensor {
    return convert.to(this, 'float32');
  }
  double(): Tensor {
    return convert.to(this, 'float64');
  }
  int(): Tensor {
    return convert.to(this, 'int32');
  }
  bool(): Tensor {
    return convert.to(this, 'bool');
  }
  /** A tensor of zeros on this tensor's device, of its dtype unless given. */
  newZeros(shape: readonly number[], dtype: DType = this._dtype): Tensor {
    return convert.newFull(this, shape, 0, dtype);
  }
  newOnes(shape: readonly number[], dtype: DType = this._dtype): Tensor {
    return convert.newFull(this, shape, 1, dtype);
  }
  newFull(shape: readonly number[], value: number, dtype: DType = this._dtype): Tensor {
    return convert.newFull(this, shape, value, dtype);
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

  // ---- pointwise ops ----------------------------------------------------------

  add(other: Tensor | number, options?: { alpha?: number }): Tensor { return binary.add(this, other, options); }
  sub(other: Tensor | number, options?: { alpha?: number }): Tensor { return binary.sub(this, other, options); }
  mul(other: Tensor | number): Tensor { return binary.mul(this, other); }
  div(other: Tensor | number, options?: { roundingMode?: 'trunc' | 'floor' }): Tensor { return binary.div(this, other, options); }
  pow(exponent: Tensor | number): Tensor { return binary.pow(this, exponent); }
  maximum(other: Tensor | number): Tensor { return binary.maximum(this, other); }
  minimum(other: Tensor | number): Tensor { return binary.minimum(this, other); }
  /** `condition ? this : other` (torch.Tensor.where). */
  where(condition: Tensor, other: Tensor | number): Tensor { return binary.where(condition, this, other); }
  neg(): Tensor { return unary.neg(this); }
  exp(): Tensor { return unary.exp(this); }
  log(): Tensor { return unary.log(this); }
  sqrt(): Tensor { return unary.sqrt(this); }
  rsqrt(): Tensor { return unary.rsqrt(this); }
  abs(): Tensor { return unary.abs(this); }
  sign(): Tensor { return unary.sign(this); }
  sin(): Tensor { return unary.sin(this); }
  cos(): Tensor { return unary.cos(this); }
  tanh(): Tensor { return unary.tanh(this); }
  sigmoid(): Tensor { return unary.sigmoid(this); }
  relu(): Tensor { return unary.relu(this); }
  reciprocal(): Tensor { return unary.reciprocal(this); }
  square(): Tensor { return binary.pow(this, 2); }
  floor(): Tensor { return unary.floor(this); }
  ceil(): Tensor { return unary.ceil(this); }
  round(): Tensor { return unary.round(this); }
  log1p(): Tensor { return unary.log1p(this); }
  expm1(): Tensor { return unary.expm1(this); }
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor { return binary.clamp(this, min, max); }
  leakyRelu(negativeSlope = 0.01): Tensor { return unary.leakyRelu(this, negativeSlope); }
  softplus(options?: { beta?: number; threshold?: number }): Tensor { return unary.softplus(this, options); }
  silu(): Tensor { return unary.silu(this); }
  gelu(): Tensor { return unary.gelu(this); }

  // ---- comparisons (never tracked) ---------------------------------------------

  eq(other: Tensor | number): Tensor { return compare.eq(this, other); }
  ne(other: Tensor | number): Tensor { return compare.ne(this, other); }
  lt(other: Tensor | number): Tensor { return compare.lt(this, other); }
  le(other: Tensor | number): Tensor { return compare.le(this, other); }
  gt(other: Tensor | number): Tensor { return compare.gt(this, other); }
  ge(other: Tensor | number): Tensor { return compare.ge(this, other); }
  logicalNot(): Tensor { return compare.logicalNot(this); }
  isnan(): Tensor { return compare.ne(this, this); }
  all(dim?: number | readonly number[], keepdim = false): Tensor { return compare.all(this, dim, keepdim); }
  any(dim?: number | readonly number[], keepdim = false): Tensor { return compare.any(this, dim, keepdim); }
  /** |this − other| ≤ atol + rtol·|other| everywhere (torch.allclose). */
  allclose(other: Tensor | number, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean { return compare.allclose(this, other, options); }
  /** Same shape and same values (torch.equal). */
  equal(other: Tensor): boolean { return compare.equal(this, other); }

  // ---- reductions ------------------------------------------------------------------

  sum(dim?: number | readonly number[] | null, keepdim = false): Tensor { return reduce.sum(this, dim, keepdim); }
  mean(dim?: number | readonly number[] | null, keepdim = false): Tensor { return reduce.mean(this, dim, keepdim); }
  prod(dim?: number | null, keepdim = false): Tensor { return reduce.prod(this, dim, keepdim); }
  /** The maximum of all elements; with `dim`, `{ values, indices }` along it (as torch.max). */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): reduce.ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | reduce.ValuesIndices { return dim === undefined ? reduce.maxAll(this, 'max') : reduce.maxDim(this, 'max', dim, keepdim); }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): reduce.ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | reduce.ValuesIndices { return dim === undefined ? reduce.maxAll(this, 'min') : reduce.maxDim(this, 'min', dim, keepdim); }
  amax(dim?: number | readonly number[], keepdim = false): Tensor { return reduce.amax(this, 'max', dim, keepdim); }
  amin(dim?: number | readonly number[], keepdim = false): Tensor { return reduce.amax(this, 'min', dim, keepdim); }
  argmax(dim?: number, keepdim = false): Tensor { return reduce.argExtreme(this, 'argmax', dim, keepdim); }
  argmin(dim?: number, keepdim = false): Tensor { return reduce.argExtreme(this, 'argmin', dim, keepdim); }
  /** Variance; `correction` 1 (Bessel's, the default) or 0. */
  var(dim?: number | readonly number[] | null, options?: reduce.VarOptions): Tensor { return reduce.variance(this, dim, options); }
  std(dim?: number | readonly number[] | null, options?: reduce.VarOptions): Tensor { return reduce.std(this, dim, options); }
  /** The p-norm (default 2) over all elements or `dim`. */
  norm(p: number = 2, dim?: number | readonly number[] | null, keepdim = false): Tensor { return reduce.norm(this, p, dim, keepdim); }
  logsumexp(dim: number | readonly number[], keepdim = false): Tensor { return reduce.logsumexp(this, dim, keepdim); }
  softmax(dim: number): Tensor { return reduce.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return reduce.logSoftmax(this, dim); }

  // ---- linear algebra ----------------------------------------------------------------

  matmul(other: Tensor): Tensor { return linalg.matmul(this, other); }
  mm(other: Tensor): Tensor { return linalg.mm(this, other); }
  bmm(other: Tensor): Tensor { return linalg.bmm(this, other); }
  mv(other: Tensor): Tensor { return linalg.mv(this, other); }
  dot(other: Tensor): Tensor { return linalg.dot(this, other); }
  outer(other: Tensor): Tensor { return linalg.outer(this, other); }
  /** Transpose of a tensor of at most 2 dimensions. */
  t(): Tensor { return movement.t(this); }
  /** Transpose of a 2-D tensor (alias of t()). */
  get T(): Tensor { return movement.t(this); }
  /** The last two dimensions swapped. */
  get mT(): Tensor { return movement.transpose(this, -2, -1); }

  // ---- shape -----------------------------------------------------------------------

  reshape(...shape: ShapeArgs): Tensor { return movement.reshape(this, shapeArg(shape)); }
  view(...shape: ShapeArgs): Tensor { return movement.view(this, shapeArg(shape)); }
  viewAs(other: Tensor): Tensor { return movement.view(this, other.shape); }
  reshapeAs(other: Tensor): Tensor { return movement.reshape(this, other.shape); }
  flatten(startDim = 0, endDim = -1): Tensor { return movement.flatten(this, startDim, endDim); }
  unflatten(dim: number, sizes: readonly number[]): Tensor { return movement.unflatten(this, dim, sizes); }
  squeeze(dim?: number | readonly number[]): Tensor { return movement.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return movement.unsqueeze(this, dim); }
  transpose(dim0: number, dim1: number): Tensor { return movement.transpose(this, dim0, dim1); }
  swapaxes(dim0: number, dim1: number): Tensor { return movement.transpose(this, dim0, dim1); }
  permute(...dims: ShapeArgs): Tensor { return movement.permute(this, shapeArg(dims)); }
  expand(...shape: ShapeArgs): Tensor { return movement.expand(this, shapeArg(shape)); }
  expandAs(other: Tensor): Tensor { return movement.expand(this, other.shape); }
  broadcastTo(...shape: ShapeArgs): Tensor { return movement.expand(this, shapeArg(shape)); }
  narrow(dim: number, start: number, length: number): Tensor { return movement.narrow(this, dim, start, length); }
  /** Python-style slice along one dimension: `x.slice(0, 1, 3)` is `x[1:3]`. */
  slice(dim: number, start?: number | null, end?: number | null, step = 1): Tensor { return movement.slice(this, dim, start, end, step); }
  select(dim: number, index: number): Tensor { return movement.select(this, dim, index); }
  unbind(dim = 0): Tensor[] { return movement.unbind(this, dim); }
  split(splitSize: number | readonly number[], dim = 0): Tensor[] { return movement.split(this, splitSize, dim); }
  chunk(chunks: number, dim = 0): Tensor[] { return movement.chunk(this, chunks, dim); }
  flip(...dims: ShapeArgs): Tensor { return movement.flip(this, shapeArg(dims)); }
  repeat(...sizes: ShapeArgs): Tensor { return movement.repeat(this, shapeArg(sizes)); }
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor { return movement.diagonal(this, offset, dim1, dim2); }
  indexSelect(dim: number, index: Tensor): Tensor { return indexing.indexSelect(this, dim, index); }
  gather(dim: number, index: Tensor): Tensor { return indexing.gather(this, dim, index); }
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return indexing.scatterAdd(this, dim, index, src); }
  maskedFill(mask: Tensor, value: number): Tensor { return binary.where(mask, value, this); }

  // ---- in place (names end in _) ------------------------------------------------------

  add_(other: Tensor | number, options?: { alpha?: number }): this { return inplace.inPlace(this, 'add_', [other], (s, [o]) => binary.add(s, o!, options)); }
  sub_(other: Tensor | number, options?: { alpha?: number }): this { return inplace.inPlace(this, 'sub_', [other], (s, [o]) => binary.sub(s, o!, options)); }
  mul_(other: Tensor | number): this { return inplace.inPlace(this, 'mul_', [other], (s, [o]) => binary.mul(s, o!)); }
  div_(other: Tensor | number): this { return inplace.inPlace(this, 'div_', [other], (s, [o]) => binary.div(s, o!)); }
  pow_(exponent: Tensor | number): this { return inplace.inPlace(this, 'pow_', [exponent], (s, [o]) => binary.pow(s, o!)); }
  neg_(): this { return inplace.inPlace(this, 'neg_', [], (s) => unary.neg(s)); }
  sqrt_(): this { return inplace.inPlace(this, 'sqrt_', [], (s) => unary.sqrt(s)); }
  exp_(): this { return inplace.inPlace(this, 'exp_', [], (s) => unary.exp(s)); }
  relu_(): this { return inplace.inPlace(this, 'relu_', [], (s) => unary.relu(s)); }
  clamp_(min?: number | Tensor | null, max?: number | Tensor | null): this { return inplace.inPlace(this, 'clamp_', [], (s) => binary.clamp(s, min, max)); }
  zero_(): this { return inplace.fill_(this, 0); }
  fill_(value: number | Tensor): this { return inplace.fill_(this, value); }
  /** Copies `src` (broadcast to this shape, cast to this dtype, from any device) into this tensor. */
  copy_(src: Tensor | number): this { return inplace.copy_(this, src); }
  maskedFill_(mask: Tensor, value: number): this { return inplace.inPlace(this, 'maskedFill_', [mask], (s, [m]) => binary.where(m as Tensor, value, s)); }
}

/** Accepts `f(2, 3)` and `f([2, 3])`. */
function shapeArg(args: ShapeArgs): number[] {
  const first = args[0];
  return Array.isArray(first) ? [...(first as readonly number[])] : ([...args] as number[]);
}
