/**
 * What a plot accepts as numbers: a plain or typed array, nested arrays
 * (a `[50, 1]` column from `tensor.tolist()`), or anything with a
 * `tolist()` such as a grad `Tensor`, taken structurally so this module
 * needs no import of core.
 */
export type Values = ArrayLike<number> | ReadonlyArray<ReadonlyArray<number>> | { tolist(): unknown };

/** Flattens `values` to a plain array in row-major order. */
export function toNumbers(values: Values, what = 'values'): number[] {
  const root: unknown = isTensorLike(values) ? values.tolist() : values;
  if (typeof root === 'number') return [root];
  if (!isArrayLike(root)) throw new TypeError(`${what}: expected an array, a typed array or a tensor, got ${describe(root)}`);
  const out: number[] = [];
  // An explicit stack, not recursion: arrays from tolist() can be deep.
  const stack: Array<{ items: ArrayLike<unknown>; next: number }> = [{ items: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.items.length) {
      stack.pop();
      continue;
    }
    const item = top.items[top.next++];
    if (typeof item === 'number') out.push(item);
    else if (typeof item === 'boolean') out.push(item ? 1 : 0);
    else if (isArrayLike(item)) stack.push({ items: item, next: 0 });
    else if (item === null || item === undefined) out.push(Number.NaN);
    else throw new TypeError(`${what}: expected numbers, found ${describe(item)}`);
  }
  return out;
}

function isTensorLike(value: unknown): value is { tolist(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { tolist?: unknown }).tolist === 'function';
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value) && !(value instanceof DataView);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
