/** Elementwise closeness for the conformance suite (no dependency on the workspace's vitest matchers). */
import type { Tensor } from '../tensor/tensor.js';

/** Nested arrays of numbers or booleans. */
export type Nested = number | boolean | Nested[];

function flat(v: Nested | Tensor): number[] {
  if (typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [v ? 1 : 0];
  if (Array.isArray(v)) return v.flatMap((x) => flat(x));
  return flat((v as Tensor).tolist() as Nested);
}

function shapeOf(v: Nested): number[] {
  return Array.isArray(v) ? [v.length, ...(v.length ? shapeOf(v[0]!) : [])] : [];
}

/** Throws with both arrays when |a − e| > atol + rtol·|e| anywhere (NaN equals NaN), or when shapes differ. */
export function assertAllClose(actual: Tensor | Nested, expected: Nested, options: { rtol?: number; atol?: number; what?: string } = {}): void {
  const { rtol = 1e-5, atol = 1e-6, what = 'values' } = options;
  const actualShape = typeof actual === 'object' && !Array.isArray(actual) ? [...(actual as Tensor).shape] : shapeOf(actual as Nested);
  const expectedShape = shapeOf(expected);
  if (actualShape.join() !== expectedShape.join()) {
    throw new Error(`${what}: expected shape [${expectedShape}] but got [${actualShape}]`);
  }
  const a = flat(actual as Nested);
  const e = flat(expected);
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
      throw new Error(`${what} differ at flat index ${i}: got ${x}, expected ${y}\n  got:      ${JSON.stringify(a.slice(0, 24))}\n  expected: ${JSON.stringify(e.slice(0, 24))}`);
    }
  }
}
