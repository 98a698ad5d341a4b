import { describe, expect, it } from 'vitest';
import { erf, erfinv } from '../src/special.js';

/**
 * erf and erfinv in float64, against references computed outside this code:
 * erf from CPython's math.erf (correctly rounded to within 1 ulp), erfinv
 * from PyTorch 1.13's float64 torch.erfinv, and the tails by round trip
 * against math.erfc. The conformance suite checks both at float32.
 */
const erfTable: Array<[number, number]> = [
  [1e-300, 1.1283791670955126e-300],
  [1e-8, 1.1283791670955126e-8],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [0.84375, 0.7672256612323416],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2.4, 0.999311486103355],
  [2.6, 0.9997639655834707],
  [3.5, 0.9999992569016276],
  [5, 0.9999999999984626],
  [5.9, 0.9999999999999999],
];

const erfinvTable: Array<[number, number]> = [
  [1e-10, 8.862269254527581e-11],
  [0.1, 0.08885599049425769],
  [0.5, 0.4769362762044699],
  [0.9, 1.1630871536766743],
  [0.99, 1.8213863677184483],
  [-0.7, -0.7328690779592169],
];

const relErr = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

describe('erf in float64', () => {
  it.each(erfTable)('erf(%d) is within 4 ulps of math.erf', (x, want) => {
    expect(relErr(erf(x), want)).toBeLessThan(1e-15);
    expect(erf(-x)).toBe(-erf(x));
  });
  it('is ±1 at ±∞, 0 at 0, NaN at NaN', () => {
    expect([erf(Infinity), erf(-Infinity), erf(0), erf(NaN)]).toEqual([1, -1, 0, NaN]);
  });
});

describe('erfinv in float64', () => {
  it.each(erfinvTable)('erfinv(%d) agrees with torch.erfinv', (y, want) => {
    expect(relErr(erfinv(y), want)).toBeLessThan(1e-14);
  });
  it('inverts erf across (−6, 6)', () => {
    for (let x = -5.9; x < 5.9; x += 0.0137) {
      // Where erf flattens (|x| > 2), x is determined only to ~ulp(1)/erf′(x): compare erf values instead, to erf's own few-ulp rounding (1e-15).
      const back = erfinv(erf(x));
      if (Math.abs(x) < 2) expect(relErr(back, x)).toBeLessThan(1e-13);
      else expect(Math.abs(erf(back) - erf(x))).toBeLessThanOrEqual(1e-15);
    }
  });
  it('keeps its digits in the tail, where torch.erfinv loses some', () => {
    // CPython: math.erfc(3.458910737275499) = 1.0000000000287557e-6 = 1 − 0.999999 to 2e-16
    // (torch.erfinv's 3.458910737283175 gives erfc 5.5e-11 too small).
    expect(relErr(erfinv(0.999999), 3.458910737275499)).toBeLessThan(1e-14);
  });
  it('keeps its digits in the far tail: erfc(erfinv(1 − 1e-15)) = 1e-15', () => {
    // 1 − 1e-15 in float64 is 1 − 9.992007221626409e-16; CPython's math.erfc(5.675915739744713) = 9.9920…e-16.
    const y = erfinv(1 - 1e-15);
    expect(relErr(y, 5.675915739744713)).toBeLessThan(1e-12);
  });
  it('is ±∞ at ±1 and NaN outside [−1, 1]', () => {
    expect([erfinv(1), erfinv(-1), erfinv(1.5), erfinv(-2), erfinv(NaN), erfinv(0)]).toEqual([Infinity, -Infinity, NaN, NaN, NaN, 0]);
  });
});
