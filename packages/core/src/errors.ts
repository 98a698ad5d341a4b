/**
 * PyTorch's error kinds, so a caller can catch by kind as in Python:
 *
 * ```ts
 * try { x.sum(5); } catch (e) { if (e instanceof IndexError) … }
 * ```
 *
 * | class | thrown for | extends |
 * | --- | --- | --- |
 * | `RuntimeError` | what PyTorch raises as RuntimeError: shapes that do not fit, a graph used twice, an in-place change of a saved tensor, devices that differ | `Error` |
 * | `IndexError` | a dim, index or class target out of range | `RangeError` |
 * | `ValueError` | a value of the right type that is not allowed (`reduction: 'avg'`) | `RangeError` |
 * | `TypeError` | an argument of the wrong type, an unknown option, a dtype an op does not take | JavaScript's `TypeError` |
 *
 * Each sets `name` to its kind, so `String(e)` reads `IndexError: Dimension out of range …`
 * as Python prints it. IndexError and ValueError extend RangeError, and core's
 * TypeError extends JavaScript's, so code that caught the built-in kinds
 * still catches them.
 */

/** PyTorch's RuntimeError. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** PyTorch's IndexError: a dim, index or target out of range. */
export class IndexError extends RangeError {
  override name = 'IndexError';
}

/** PyTorch's ValueError: a value of the right type that is not allowed. */
export class ValueError extends RangeError {
  override name = 'ValueError';
}

/** PyTorch's TypeError: an argument of the wrong type. Also an instance of JavaScript's TypeError. */
class GradTypeError extends TypeError {
  override name = 'TypeError';
}
export { GradTypeError as TypeError };
