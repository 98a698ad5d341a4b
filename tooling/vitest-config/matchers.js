// @ts-check
import { expect } from 'vitest';

/**
 * Flattens a number, nested arrays, a typed array or anything with `tolist()`
 * (a grad Tensor) into plain numbers, keeping the shape for messages.
 * @param {unknown} v
 * @returns {{ values: number[], shape: number[] }}
 */
function flatten(v) {
  if (v !== null && typeof v === 'object' && 'tolist' in v && typeof v.tolist === 'function') {
    const shape = 'shape' in v ? [.../** @type {number[]} */ (v.shape)] : [];
    return { values: flatten(v.tolist()).values, shape };
  }
  if (typeof v === 'number' || typeof v === 'boolean') return { values: [Number(v)], shape: [] };
  if (ArrayBuffer.isView(v)) return { values: Array.from(/** @type {any} */ (v), Number), shape: [/** @type {any} */ (v).length] };
  if (Array.isArray(v)) {
    const parts = v.map(flatten);
    return { values: parts.flatMap((p) => p.values), shape: [v.length, ...(parts[0]?.shape ?? [])] };
  }
  throw new TypeError(`toBeAllClose: cannot compare ${String(v)}`);
}

expect.extend({
  /**
   * |actual - expected| <= atol + rtol * |expected|, elementwise, as torch.allclose.
   * NaNs compare equal to NaNs; shapes must match.
   */
  toBeAllClose(received, expected, options = {}) {
    const { rtol = 1e-5, atol = 1e-8 } = /** @type {{ rtol?: number, atol?: number }} */ (options);
    const a = flatten(received);
    const b = flatten(expected);
    const sameShape = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
    if (!sameShape && a.values.length !== b.values.length) {
      return {
        pass: false,
        message: () => `expected shape [${b.shape}] but received shape [${a.shape}]`,
      };
    }
    let worst = -1;
    let worstErr = 0;
    for (let i = 0; i < a.values.length; i++) {
      const x = /** @type {number} */ (a.values[i]);
      const y = /** @type {number} */ (b.values[i]);
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      if (x === y) continue;
      const err = Math.abs(x - y) - (atol + rtol * Math.abs(y));
      if (!(err <= 0) && (worst < 0 || err > worstErr || Number.isNaN(err))) {
        worst = i;
        worstErr = err;
      }
    }
    const pass = worst < 0;
    return {
      pass,
      message: () =>
        pass
          ? `expected values not to be all close (rtol=${rtol}, atol=${atol})`
          : `values differ at flat index ${worst}: received ${a.values[worst]}, expected ${b.values[worst]} (rtol=${rtol}, atol=${atol})\nreceived: ${JSON.stringify(a.values.slice(0, 20))}\nexpected: ${JSON.stringify(b.values.slice(0, 20))}`,
    };
  },
});
