import { tensor, type Tensor } from '@grad/core';

/** A tensor's dtype, named through `Tensor` so this package needs no other core type. */
export type DType = Tensor['dtype'];

/**
 * A tensor as plain JSON: its shape, its dtype and its elements in row-major
 * order. Non-finite elements are written as the strings `'NaN'`, `'Infinity'`
 * and `'-Infinity'`, because `JSON.stringify` would turn them into `null`.
 */
export interface SerializedTensor {
  shape: number[];
  dtype: DType;
  data: Array<number | string>;
}

/** What a state dict may hold: JSON values, with tensors as {@link SerializedTensor}. */
export type StateValue =
  | number
  | string
  | boolean
  | null
  | SerializedTensor
  | StateValue[]
  | { [key: string]: StateValue };

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Duck-typed, so a tensor from a second copy of `@grad/core` is still recognised. */
export function isTensor(v: unknown): v is Tensor {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as { shape?: unknown }).shape) &&
    typeof (v as { tolist?: unknown }).tolist === 'function' &&
    typeof (v as { add_?: unknown }).add_ === 'function'
  );
}

export function isSerializedTensor(v: unknown): v is SerializedTensor {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v).sort().join(',');
  return keys === 'data,dtype,shape' && Array.isArray((v as SerializedTensor).shape) && Array.isArray((v as SerializedTensor).data);
}

function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function decodeNumber(x: number | string): number {
  if (typeof x === 'number') return x;
  const v = NON_FINITE[x];
  if (v === undefined) throw new TypeError(`loaded state dict has a tensor element '${x}' that is not a number`);
  return v;
}

/** Copies a tensor to the host as a {@link SerializedTensor}. */
export function serializeTensor(t: Tensor): SerializedTensor {
  const flat = t.reshape(-1).tolist() as number[];
  return { shape: [...t.shape], dtype: t.dtype, data: flat.map((x) => encodeNumber(Number(x))) };
}

/** Rebuilds a tensor, in `like`'s dtype (when both are floating point) and on `like`'s device. */
export function deserializeTensor(s: SerializedTensor, like?: Tensor): Tensor {
  const floating = (d: DType) => d === 'float32' || d === 'float64';
  const dtype = like !== undefined && floating(like.dtype) && floating(s.dtype) ? like.dtype : s.dtype;
  const data = s.data.map(decodeNumber);
  const opts = like === undefined ? { dtype } : { dtype, device: like.device };
  return tensor(data, opts).reshape(s.shape);
}

/** Turns tensors, non-finite numbers and nested arrays/objects into JSON-safe values. */
export function encodeValue(v: unknown): StateValue {
  if (isTensor(v)) return serializeTensor(v);
  if (typeof v === 'number') return encodeNumber(v);
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(encodeValue);
  if (typeof v === 'object') {
    const out: Record<string, StateValue> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x !== 'function') out[k] = encodeValue(x);
    return out;
  }
  throw new TypeError(`cannot put a ${typeof v} in a state dict`);
}

/**
 * The inverse of {@link encodeValue}: serialized tensors become tensors (like
 * `like`, see {@link deserializeTensor}), `'NaN'`/`'Infinity'`/`'-Infinity'`
 * become numbers. A live tensor (a state dict that never went through JSON) is
 * cloned, so the loaded state never aliases the dict.
 */
export function decodeValue(v: unknown, like?: Tensor): unknown {
  if (isTensor(v)) return deserializeTensor(serializeTensor(v), like);
  if (isSerializedTensor(v)) return deserializeTensor(v, like);
  if (typeof v === 'string' && v in NON_FINITE) return NON_FINITE[v];
  if (Array.isArray(v)) return v.map((x) => decodeValue(x, like));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = decodeValue(x, like);
    return out;
  }
  return v;
}

/** `[2, 3]` as PyTorch prints a size in messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
