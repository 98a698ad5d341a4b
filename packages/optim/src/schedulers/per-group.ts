import type { AnyOptimizer } from './lr-scheduler.js';

/** PyTorch's `_format_param`: one value for every group, or a list with one per group. */
export function perGroup(name: string, optimizer: AnyOptimizer, value: number | number[]): number[] {
  const n = optimizer.paramGroups.length;
  const list = Array.isArray(value) ? value : new Array<number>(n).fill(value);
  if (list.length !== n) throw new RangeError(`expected ${n} values for ${name}, got ${list.length}`);
  list.forEach((v) => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`${name} must be a number or one per group, got ${JSON.stringify(value)}`);
  });
  return [...list];
}
