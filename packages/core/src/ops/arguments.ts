/**
 * Argument checks with PyTorch's words, for the places JavaScript's types do
 * not reach (a number where a tensor belongs, a fractional dim, a string
 * for a size): the caller hears what was wrong, never an internal error
 * from deep inside an op.
 */
import { Tensor } from '../tensor/tensor.js';
import { valueTypeName } from '../shape.js';
import { RuntimeError, TypeError } from '../errors.js';
import { isFloatingPoint, scalarTypeName } from '../dtype.js';

/** Python's name for a JavaScript value's type, as PyTorch's messages say it. */
export const typeName = valueTypeName;

/** `x` if it is a tensor, else PyTorch's TypeError: `sum(): argument 'input' (position 1) must be Tensor, not int`. */
export function tensorArg(fn: string, name: string, position: number, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be Tensor, not ${typeName(x)}`);
}

/** A list of tensors, or PyTorch's TypeError naming what was there instead. */
export function tensorListArg(fn: string, name: string, xs: unknown): readonly Tensor[] {
  if (!Array.isArray(xs)) throw new TypeError(`${fn}(): argument '${name}' (position 1) must be tuple of Tensors, not ${typeName(xs)}`);
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' must be tuple of Tensors, but found element of type ${typeName(x)} at pos ${i}`);
  });
  return xs as readonly Tensor[];
}

/** `x` if it is a tensor, a number or a boolean (an op's operand), else PyTorch's TypeError. */
export function operandArg<T>(fn: string, name: string, position: number, x: T): T {
  if (x instanceof Tensor || typeof x === 'number' || typeof x === 'boolean') return x;
  throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be Tensor, not ${typeName(x)}`);
}

/** A finite or infinite JavaScript number (not NaN unless `nanOk`), or PyTorch's TypeError. */
export function numberArg(fn: string, name: string, x: unknown): number {
  if (typeof x === 'number') return x;
  throw new TypeError(`${fn}(): argument '${name}' must be Number, not ${typeName(x)}`);
}

/** An int or a list of ints as a list (dims, shifts, sizes), or PyTorch's TypeError naming the argument. */
export function intListArg(fn: string, name: string, x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (Array.isArray(x) && x.every((v) => typeof v === 'number')) return [...(x as number[])];
  throw new TypeError(`${fn}(): argument '${name}' must be int or tuple of ints, not ${typeName(x)}`);
}

/**
 * PyTorch's refusal of an integer or bool tensor by a kernel that has only
 * floating-point versions, named after that kernel (`"elu_cpu" not
 * implemented for 'Int'`): an error text, not a missing feature.
 */
export function floatOnly(kernel: string, x: Tensor): void {
  if (!isFloatingPoint(x.dtype)) throw new RuntimeError(`"${kernel}" not implemented for '${scalarTypeName(x.dtype)}'`);
}
