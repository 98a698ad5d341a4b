/**
 * Element types. `float32` is the default, as in PyTorch. `int32` stands in for
 * PyTorch's int64 (JavaScript has no fast 64-bit integer arrays), and indices
 * produced by `argmax`, `max(dim)` and friends are int32.
 */
import { TypeError } from './errors.js';
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array that holds each dtype on the host. `bool` is one byte, 0 or 1. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** The typed-array constructor for a dtype. */
export function arrayTypeFor(dtype: DType): Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor {
  switch (dtype) {
    case 'float32':
      return Float32Array;
    case 'float64':
      return Float64Array;
    case 'int32':
      return Int32Array;
    case 'bool':
      return Uint8Array;
  }
  throw new TypeError(`unknown dtype ${JSON.stringify(dtype) ?? String(dtype)} (the dtypes: ${DTYPES.join(', ')})`);
}

/** Bytes per element. */
export function itemSize(dtype: DType): number {
  return dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
}

export function isFloatingPoint(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** The dtype a typed array holds (Uint8Array is read as bool). */
export function dtypeOfArray(a: TypedArray | ArrayLike<number>): DType | null {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'bool';
  return null;
}

/** PyTorch's printed name: `torch.float32`. */
export function torchName(dtype: DType): string {
  return `torch.${dtype}`;
}

/** PyTorch's capitalised scalar-type name used in error texts ("Float", "Double", "Int", "Bool"). */
export function scalarTypeName(dtype: DType): string {
  return { float32: 'Float', float64: 'Double', int32: 'Int', bool: 'Bool' }[dtype];
}

// Categories order promotion: bool < integer < floating.
const category: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };
const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** The larger of two dtypes (torch.promote_types). */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/**
 * torch.result_type for two operands. A JavaScript number is a "weak" scalar,
 * like a Python number: it never widens a tensor's dtype within its category
 * (`float32 + 2.5` stays float32), but an integer tensor plus a fractional
 * number becomes the default float dtype. Likewise a 0-d tensor only decides
 * the result when it is of a higher category than the dimensioned tensor.
 */
export function resultType(
  a: { dtype: DType; ndim: number } | number | boolean,
  b: { dtype: DType; ndim: number } | number | boolean,
): DType {
  for (const x of [a, b]) {
    if (typeof x !== 'number' && typeof x !== 'boolean' && (x === null || typeof x !== 'object' || !DTYPES.includes(x.dtype))) {
      throw new TypeError(`resultType() expects tensors or numbers, got ${x === null ? 'null' : typeof x}`);
    }
  }
  const scalarDtype = (v: number | boolean): DType =>
    typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'int32' : 'float32';
  if (typeof a !== 'object' && typeof b !== 'object') return promoteTypes(scalarDtype(a), scalarDtype(b));
  if (typeof a !== 'object') return resultType(b, a);
  if (typeof b !== 'object') {
    const s = scalarDtype(b);
    return category[s] > category[a.dtype] ? (s === 'int32' ? 'int32' : 'float32') : a.dtype;
  }
  if ((a.ndim === 0) === (b.ndim === 0)) return promoteTypes(a.dtype, b.dtype);
  const [dimmed, zeroDim] = a.ndim === 0 ? [b, a] : [a, b];
  if (category[zeroDim.dtype] > category[dimmed.dtype]) return zeroDim.dtype;
  return dimmed.dtype;
}

/** Whether a value of dtype `from` may be written into a tensor of dtype `to` by an in-place op. */
export function canCast(from: DType, to: DType): boolean {
  return category[from] <= category[to];
}
