/** Creation functions: tensor, zeros, ones, full, eye, arange, linspace, rand, randn, randint and the *Like forms. */
import { arrayTypeFor, type DType, dtypeOfArray, type TypedArray } from '../dtype.js';
import { checkAllocation, checkInt, formatShape, numelOf, shapeFromArgs, valueTypeName } from '../shape.js';
import { backendFor } from '../backend/registry.js';
import type { Backend } from '../backend/backend.js';
import { fullStorage, storageFromArray } from '../dispatch/kernels.js';
import { checkOptions } from '../options.js';
import { Tensor } from './tensor.js';
import { standardNormal, uniformFloat32, uniformFloat64, uniformInt } from './random.js';
import { RuntimeError, TypeError } from '../errors.js';

/** Options every creation function takes. */
export interface TensorOptions {
  /** Element type; `float32` unless the data says otherwise (a typed array, booleans). */
  dtype?: DType;
  /** Record operations on the new tensor for autograd (floating dtypes only). */
  requiresGrad?: boolean;
  /** The backend's name; the default backend when omitted. */
  device?: string;
  /** For a flat typed array or list: the shape to give it. */
  shape?: readonly number[];
}

/** Nested arrays of numbers or booleans, to any depth. */
export type NestedArray = number | boolean | readonly NestedArray[];

function finish(backend: Backend, data: TypedArray, shape: readonly number[], dtype: DType, opts: TensorOptions): Tensor {
  const t = Tensor._fromStorage(backend, storageFromArray(backend, data, dtype), shape, dtype);
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

/** Shape of nested arrays, with PyTorch's error for ragged input. */
function inferNestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    // A self-referencing array would otherwise loop forever.
    if (shape.length >= 64) throw new RuntimeError('tensor(): nested arrays deeper than 64 levels (does an array contain itself?)');
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedArray;
  }
  return shape;
}

function flattenNested(data: NestedArray, shape: readonly number[], out: number[], dim = 0): boolean {
  let sawBool = false;
  if (dim === shape.length) {
    if (Array.isArray(data)) throw new RuntimeError(`expected a number at dim ${dim}, but got a sequence`);
    if (typeof data === 'boolean') {
      out.push(data ? 1 : 0);
      return true;
    }
    if (typeof data !== 'number') throw new TypeError(`Could not infer dtype of ${typeof data}`);
    out.push(data);
    return false;
  }
  if (!Array.isArray(data)) throw new RuntimeError(`expected sequence of length ${shape[dim]} at dim ${dim} (got a number)`);
  if (data.length !== shape[dim]) {
    throw new RuntimeError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${data.length})`);
  }
  for (const item of data) sawBool = flattenNested(item as NestedArray, shape, out, dim + 1) || sawBool;
  return sawBool;
}

/**
 * A tensor holding a copy of `data`: a number, nested arrays, or a typed
 * array (its dtype taken from the array type). JavaScript numbers carry no
 * int/float distinction, so plain numbers give float32 (as tfjs) unless
 * `dtype` says otherwise; booleans give bool.
 *
 * ```ts
 * tensor([[0, 1], [2, 3]], { requiresGrad: true });
 * tensor(Float32Array.from([0, 1, 2, 3])).reshape(2, 2);
 * ```
 */
export function tensor(data: NestedArray | TypedArray | ArrayLike<number> | Tensor, opts: TensorOptions = {}): Tensor {
  checkOptions('tensor', opts, TENSOR_KEYS);
  const backend = backendFor(opts.device);
  if (data instanceof Tensor) {
    // torch.tensor(t) copies, detached.
    const host = data._readHost();
    return finish(backend, host, opts.shape ?? data.shape, opts.dtype ?? data.dtype, opts);
  }
  if (ArrayBuffer.isView(data)) {
    const arr = data as TypedArray;
    const dtype = opts.dtype ?? dtypeOfArray(arr);
    if (dtype === null) throw new TypeError(`tensor(): unsupported typed array ${Object.prototype.toString.call(data)}`);
    const shape = opts.shape ?? [arr.length];
    if (numelOf(shape) !== arr.length) throw new RuntimeError(`shape '${formatShape(shape)}' is invalid for input of size ${arr.length}`);
    return finish(backend, arr, shape, dtype, opts);
  }
  if (typeof data !== 'number' && typeof data !== 'boolean' && !Array.isArray(data)) {
    throw new TypeError(`tensor(): could not infer dtype of ${data === null ? 'null' : typeof data}`);
  }
  const shape = inferNestedShape(data as NestedArray);
  const flat: number[] = [];
  const isBool = flattenNested(data as NestedArray, shape, flat);
  const dtype = opts.dtype ?? (isBool ? 'bool' : 'float32');
  const finalShape = opts.shape ?? shape;
  if (numelOf(finalShape) !== flat.length) throw new RuntimeError(`shape '${formatShape(finalShape)}' is invalid for input of size ${flat.length}`);
  return finish(backend, arrayTypeFor(dtype).from(flat), finalShape, dtype, opts);
}

/** A zeroed host array of `n` elements, refused with a clear error when it is more than one tensor may hold. */
function hostArray(dtype: DType, n: number): TypedArray {
  checkAllocation([n], dtype);
  return new (arrayTypeFor(dtype))(n);
}

/** A fill value: a number or a boolean, else PyTorch's TypeError naming the argument. */
function fillValue(fn: string, value: unknown): number | boolean {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  throw new TypeError(`${fn}(): argument 'fill_value' must be Number, not ${valueTypeName(value)}`);
}

/** The options every creation function takes, and `tensor`'s (which may also reshape flat data). */
const CREATION_KEYS = ['dtype', 'requiresGrad', 'device'] as const;
const TENSOR_KEYS = [...CREATION_KEYS, 'shape'] as const;

/** Splits `(2, 3)`, `([2, 3])`, `([2, 3], opts)` and `(2, 3, opts)` into shape and options. */
export type ShapeAndOptions = Array<number | readonly number[] | TensorOptions | undefined>;

function splitArgs(where: string, args: ShapeAndOptions): { shape: number[]; opts: TensorOptions } {
  const last = args[args.length - 1];
  const hasOpts = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const opts = (hasOpts ? last : {}) as TensorOptions;
  const dims = (hasOpts ? args.slice(0, -1) : args).filter((a) => a !== undefined) as Array<number | readonly number[]>;
  checkOptions(where, opts, CREATION_KEYS);
  return { shape: shapeFromArgs(dims), opts };
}

function filled(shape: readonly number[], value: number, opts: TensorOptions): Tensor {
  checkAllocation(shape, opts.dtype ?? 'float32');
  const backend = backendFor(opts.device);
  const dtype = opts.dtype ?? 'float32';
  const t = Tensor._fromStorage(backend, fullStorage(backend, numelOf(shape), value, dtype), shape, dtype);
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

/** A tensor of zeros: `zeros(2, 3)` or `zeros([2, 3], { dtype })`. */
export function zeros(...args: ShapeAndOptions): Tensor {
  const { shape, opts } = splitArgs('zeros', args);
  return filled(shape, 0, opts);
}

/** A tensor of ones. */
export function ones(...args: ShapeAndOptions): Tensor {
  const { shape, opts } = splitArgs('ones', args);
  return filled(shape, 1, opts);
}

/** An uninitialised tensor in PyTorch; here zero-filled, which is one valid "uninitialised" content. */
export function empty(...args: ShapeAndOptions): Tensor {
  const { shape, opts } = splitArgs('empty', args);
  return filled(shape, 0, opts);
}

/** A tensor with every element `value` (bool for a boolean value). */
export function full(shape: readonly number[] | number, value: number | boolean, opts: TensorOptions = {}): Tensor {
  checkOptions('full', opts, CREATION_KEYS);
  fillValue('full', value);
  const dims = shapeFromArgs([shape]);
  return filled(dims, Number(value), { ...opts, dtype: opts.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32') });
}

/** The n×m identity matrix (m = n by default). */
export function eye(n: number, m?: number | TensorOptions, opts: TensorOptions = {}): Tensor {
  const cols = typeof m === 'number' ? m : n;
  checkInt('eye', 'n', n);
  checkInt('eye', 'm', cols);
  if (n < 0 || cols < 0) throw new RuntimeError(`${n < 0 ? 'n' : 'm'} must be greater or equal to 0, got ${n < 0 ? n : cols}`);
  const o = typeof m === 'object' ? m : opts;
  checkOptions('eye', o, CREATION_KEYS);
  const dtype = o.dtype ?? 'float32';
  const data = hostArray(dtype, n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return finish(backendFor(o.device), data, [n, cols], dtype, o);
}

/**
 * Values from `start` to `end` (exclusive) by `step`: `arange(4)` is 0…3.
 * All-integer arguments give int32 (PyTorch gives int64), otherwise float32.
 */
export function arange(start: number, end?: number | TensorOptions, step?: number | TensorOptions, opts: TensorOptions = {}): Tensor {
  let lo = start;
  let hi: number;
  let st = 1;
  let o = opts;
  if (typeof end === 'object') {
    o = end;
    hi = start;
    lo = 0;
  } else if (end === undefined) {
    hi = start;
    lo = 0;
  } else {
    hi = end;
  }
  if (typeof step === 'object') o = step;
  else if (step !== undefined) st = step;
  checkOptions('arange', o, CREATION_KEYS);
  for (const [name, v] of [['start', lo], ['end', hi], ['step', st]] as const) {
    if (typeof v !== 'number') throw new TypeError(`arange(): argument '${name}' must be Number, not ${valueTypeName(v)}`);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RuntimeError(`unsupported range: ${lo} -> ${hi}`);
  if (!Number.isFinite(st)) throw new RuntimeError(`arange(): step must be a finite number, got ${st}`);
  if (st === 0) throw new RuntimeError('step must be nonzero');
  if ((hi - lo) / st < 0) throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  const n = Math.ceil((hi - lo) / st);
  const dtype = o.dtype ?? (Number.isInteger(lo) && Number.isInteger(hi) && Number.isInteger(st) ? 'int32' : 'float32');
  const data = hostArray(dtype, n);
  for (let i = 0; i < n; i++) data[i] = lo + i * st;
  return finish(backendFor(o.device), data, [n], dtype, o);
}

/** `steps` evenly spaced values from `start` to `end`, both included. */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  checkOptions('linspace', opts, CREATION_KEYS);
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    if (typeof v !== 'number') throw new TypeError(`linspace(): argument '${name}' must be Number, not ${valueTypeName(v)}`);
  }
  if (!Number.isInteger(steps) || steps < 0) throw new RuntimeError('number of steps must be non-negative');
  const dtype = opts.dtype ?? 'float32';
  const data = hostArray(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the two halves from each end, so both endpoints are exact.
  const half = Math.floor(steps / 2);
  // One step is `start`, as torch.linspace(0.5, 1.5, 1) = [0.5].
  for (let i = 0; i < steps; i++) data[i] = steps === 1 ? start : i < half ? start + step * i : end - step * (steps - 1 - i);
  return finish(backendFor(opts.device), data, [steps], dtype, opts);
}

function randomFilled(shape: readonly number[], opts: TensorOptions, draw: (dtype: DType) => number): Tensor {
  const dtype = opts.dtype ?? 'float32';
  const data = hostArray(dtype, numelOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = draw(dtype);
  return finish(backendFor(opts.device), data, shape, dtype, opts);
}

/** Uniform samples in [0, 1); with manualSeed, the same numbers as torch.rand. */
export function rand(...args: ShapeAndOptions): Tensor {
  const { shape, opts } = splitArgs('rand', args);
  return randomFilled(shape, opts, (d) => (d === 'float64' ? uniformFloat64() : uniformFloat32()));
}

/** Standard normal samples. */
export function randn(...args: ShapeAndOptions): Tensor {
  const { shape, opts } = splitArgs('randn', args);
  return randomFilled(shape, opts, () => standardNormal());
}

/**
 * Integers uniform in [low, high): `randint(low, high, shape)` or
 * `randint(high, shape)`. int32 unless `dtype` says otherwise.
 */
export function randint(low: number, high: number | readonly number[], shape?: readonly number[] | TensorOptions, opts: TensorOptions = {}): Tensor {
  let lo = low;
  let hi: number;
  let dims: readonly number[];
  let o = opts;
  if (Array.isArray(high)) {
    lo = 0;
    hi = low;
    dims = high as readonly number[];
    if (shape && !Array.isArray(shape)) o = shape as TensorOptions;
  } else {
    hi = high as number;
    dims = (shape as readonly number[] | undefined) ?? [];
  }
  checkOptions('randint', o, CREATION_KEYS);
  checkInt('randint', 'low', lo);
  checkInt('randint', 'high', hi);
  if (!(hi > lo)) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${hi}`);
  return randomFilled(shapeFromArgs([dims]), { ...o, dtype: o.dtype ?? 'int32' }, () => uniformInt(lo, hi));
}

function likeOptions(where: string, t: Tensor, opts: TensorOptions): TensorOptions {
  if (!(t instanceof Tensor)) throw new TypeError(`${where}(): argument 'input' (position 1) must be Tensor, not ${valueTypeName(t)}`);
  checkOptions(where, opts, CREATION_KEYS);
  return { dtype: t.dtype, device: t.device, ...opts };
}

export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  const o = likeOptions('zerosLike', t, opts);
  return filled(t.shape, 0, o);
}
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  const o = likeOptions('onesLike', t, opts);
  return filled(t.shape, 1, o);
}
export function fullLike(t: Tensor, value: number, opts: TensorOptions = {}): Tensor {
  const o = likeOptions('fullLike', t, opts);
  return filled(t.shape, Number(fillValue('fullLike', value)), o);
}
export function emptyLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  const o = likeOptions('emptyLike', t, opts);
  return filled(t.shape, 0, o);
}
export function randLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  const o = likeOptions('randLike', t, opts);
  return rand([...t.shape], o);
}
export function randnLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  const o = likeOptions('randnLike', t, opts);
  return randn([...t.shape], o);
}
