/**
 * The shape helpers as the public API exports them: the same functions as
 * shape.ts, with their arguments checked (the internal ones sit on every
 * op's hot path and take shapes core already checked).
 */
import { broadcastShapes as broadcast, contiguousStrides as strides, numelOf as count, shapeFromArgs, valueTypeName, type Shape } from './shape.js';
import { TypeError } from './errors.js';

function shapeArg(fn: string, shape: unknown): Shape {
  if (!Array.isArray(shape)) throw new TypeError(`${fn}(): argument 'shape' must be tuple of ints, not ${valueTypeName(shape)}`);
  return shapeFromArgs([shape as readonly number[]], 'shape');
}

/** The number of elements of a shape: `numelOf([2, 3])` is 6. */
export function numelOf(shape: Shape): number {
  return count(shapeArg('numelOf', shape));
}

/** Row-major strides of a shape: `contiguousStrides([2, 3])` is [3, 1]. */
export function contiguousStrides(shape: Shape): number[] {
  return strides(shapeArg('contiguousStrides', shape));
}

/** The shape two shapes broadcast to, as NumPy's rules say (torch.broadcast_shapes). */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  return broadcast(shapeArg('broadcastShapes', a), shapeArg('broadcastShapes', b));
}
