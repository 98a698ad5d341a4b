import { expect } from 'vitest';

/** Same numbers, NaN equal to NaN and -∞/∞ exact; finite values to float32 tolerance. */
export function expectSame(actual: unknown, expected: unknown, name: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), name).toBe(true);
    expect((actual as unknown[]).length, name).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${name}[${i}]`));
  } else if (typeof expected === 'number' && Number.isFinite(expected)) {
    expect(actual, name).toBeAllClose(expected, { rtol: 1e-6, atol: 1e-6 });
  } else {
    expect(actual, name).toBe(expected);
  }
}

