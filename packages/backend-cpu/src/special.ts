/**
 * The error function and its inverse in float64, as self-contained functions
 * (codegen.ts inlines an op's source into its loop, so neither may refer to
 * anything outside itself; erfinv therefore carries its own erf).
 *
 * erf, for |x| < 2.5, sums erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3···(2n+1))
 * (Abramowitz & Stegun 7.1.6): every term is positive, so there is no
 * cancellation and the sum is good to a few ulps. Beyond 2.5 it takes
 * erf = 1 − erfc with erfc's continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (A&S 7.1.14),
 * evaluated from depth 60 upward; from |x| = 6 on, erf is ±1 in float64.
 * Measured against CPython's math.erf on [−7, 7] in steps of 0.01: at most
 * 8e-16 relative error.
 */
export const erf = (x: number): number => {
  if (x !== x) return x;
  const a = Math.abs(x);
  if (a >= 6) return x > 0 ? 1 : -1;
  let r: number;
  if (a < 2.5) {
    const a2 = a * a;
    let term = a;
    let sum = a;
    for (let n = 0; n < 200 && term > sum * 1e-17; n++) {
      term *= (2 * a2) / (2 * n + 3);
      sum += term;
    }
    r = 1.1283791670955126 * Math.exp(-a2) * sum;
  } else {
    let t = a;
    for (let k = 60; k >= 1; k--) t = a + k / 2 / t;
    r = 1 - Math.exp(-a * a) / (1.772453850905516 * t);
  }
  return x < 0 ? -r : r;
};

/**
 * erfinv: M. Giles' single-precision approximation ("Approximating the erfinv
 * function", GPU Computing Gems, 2011), a polynomial in w = −ln(1 − x²),
 * then Newton steps to float64 precision (two suffice where the fit holds):
 * on erf y − |x| below y = 2.5, and on ln erfc y − ln(1 − |x|) beyond, so
 * the tails keep their digits: 1 − |x| is exact there (|x| > ½), and erfc
 * comes from the continued fraction (never as 1 − erf) where it is small.
 * ±1 give ±∞; |x| > 1 and NaN give NaN.
 */
export const erfinv = (x: number): number => {
  if (x !== x || x < -1 || x > 1) return NaN;
  if (x === 1) return Infinity;
  if (x === -1) return -Infinity;
  // erf(v) for 0 ≤ v < 2.5 by the series; erfc(v) for v ≥ 2.5 by the continued fraction.
  const erfSeries = (v: number): number => {
    const v2 = v * v;
    let term = v;
    let sum = v;
    for (let n = 0; n < 200 && term > sum * 1e-17; n++) {
      term *= (2 * v2) / (2 * n + 3);
      sum += term;
    }
    return 1.1283791670955126 * Math.exp(-v2) * sum;
  };
  const erfcTail = (v: number): number => {
    let t = v;
    for (let k = 60; k >= 1; k--) t = v + k / 2 / t;
    return Math.exp(-v * v) / (1.772453850905516 * t);
  };
  const a = Math.abs(x);
  let w = -Math.log((1 - a) * (1 + a));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    p = 3.43273939e-7 + p * w;
    p = -3.5233877e-6 + p * w;
    p = -4.39150654e-6 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  let y = p * a;
  // Below y = 2.5, Newton on erf y − |x| with the series (accurate to an ulp there);
  // beyond, Newton on ln erfc y − ln(1 − |x|) with the continued fraction: nearly
  // linear in the tail, so it converges even where Giles' fit (made for float32) ends.
  for (let k = 0; k < 8 && y !== 0; k++) {
    const slope = 1.1283791670955126 * Math.exp(-y * y);
    if (slope === 0) break;
    let step: number;
    if (y < 2.5) {
      step = (erfSeries(y) - a) / slope;
      y -= step;
    } else {
      const c = erfcTail(y);
      step = ((Math.log(c) - Math.log(1 - a)) * c) / slope;
      y += step;
    }
    if (Math.abs(step) <= 1e-16 * y) break;
  }
  return x < 0 ? -y : y;
};
