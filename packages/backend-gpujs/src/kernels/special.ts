import type { Body } from './ops.js';

/**
 * The float32 bodies of the transcendental ops GLSL lacks or gets wrong
 * (gpu.js maps sinh, cosh, expm1 and log1p to e^x formulas that cancel near
 * 0). Variable names start with `q` so they cannot meet the kernel
 * template's (`i`, `c0`, `v0`, `x0`, …). NaN is made at run time as 0/0
 * from the input (`nan`): GL compilers fold √−1 to 0.
 */

/** Statements returning NaN, as 0/0 of a zero computed from the input `x` (so no compiler folds it). */
export const nan = (x: string): string => `var qz = Math.abs(${x}) * 0;\n  return qz / qz;`;

/**
 * arcsin through arctan, asin x = atan(x/√((1 − x)(1 + x))): GL's own asin
 * is poor (Mesa's software GL: 4e-4 relative), its atan good to ~5e-6.
 * ±π/2 at ±1, NaN outside [−1, 1] (GLSL leaves it undefined there).
 */
const asinExpr = (v: string): string => `Math.atan(${v} / Math.sqrt((1 - ${v}) * (1 + ${v})))`;

/**
 * arccos, through arcsin: π/2 − asin x in the middle, 2·asin(√((1 − x)/2))
 * near 1 and π − 2·asin(√((1 + x)/2)) near −1, where π/2 − asin x would
 * cancel. NaN outside [−1, 1].
 */
export const acos: Body = ([x]) =>
  lines(
    `if (Math.abs(${x}) > 1) { ${nan(x!).replace('\n  ', ' ')} }`,
    `if (${x} > 0.5) { var qa = Math.sqrt((1 - ${x}) / 2); return 2 * ${asinExpr('qa')}; }`,
    `if (${x} < -0.5) { var qb = Math.sqrt((1 + ${x}) / 2); return 3.141592653589793 - 2 * ${asinExpr('qb')}; }`,
    `return 1.5707963267948966 - ${asinExpr(x!)};`,
  );

/** arcsin (see asinExpr), NaN outside [−1, 1]. */
export const asin: Body = ([x]) =>
  lines(
    `if (Math.abs(${x}) > 1) { ${nan(x!).replace('\n  ', ' ')} }`,
    `if (Math.abs(${x}) == 1) { return ${x} * 1.5707963267948966; }`,
    `return ${asinExpr(x!)};`,
  );

const lines = (...ls: string[]): string => ls.join('\n  ');

/** sinh x = (e^|x| − e^−|x|)/2 with x's sign; below |x| = ½ the Taylor series x + x³/3! + … + x⁹/9! (error < 1e-11 relative), where the difference cancels. e^(|x| − ln 2) = e^|x|/2 keeps the overflow point where sinh's own is. */
export const sinh: Body = ([x]) =>
  lines(
    `var qa = Math.abs(${x});`,
    `var q2 = ${x} * ${x};`,
    `if (qa < 0.5) { return ${x} * (1 + q2 / 6 * (1 + q2 / 20 * (1 + q2 / 42 * (1 + q2 / 72)))); }`,
    'var qe = Math.exp(qa - 0.6931471805599453);',
    'var qs = qe - 0.25 / qe;',
    `if (${x} < 0) { return -qs; }`,
    'return qs;',
  );

/** cosh x = e^(|x| − ln 2) + e^(−|x| − ln 2) = h + 1/(4h): no cancellation, overflow where cosh's own is. */
export const cosh: Body = ([x]) => lines(`var qe = Math.exp(Math.abs(${x}) - 0.6931471805599453);`, 'return qe + 0.25 / qe;');

/**
 * ln(1 + x): for |x| < 1, u = 1 + x rounded, then ln(u)·x/(u − 1) (Goldberg's
 * trick: the rounding error of u cancels), and x itself when u rounds to 1.
 */
export const log1p: Body = ([x]) =>
  lines(
    `if (Math.abs(${x}) >= 0.25) { return Math.log(1 + ${x}); }`,
    // Below ¼ the series x − x²/2 + x³/3 − … to x¹² (error < 5e-9 relative): a polynomial, which no
    // GL compiler can reassociate into cancellation as it can Kahan's (u − 1) trick.
    `var qx = ${x};`,
    'return qx * (1 - qx * (1 / 2 - qx * (1 / 3 - qx * (1 / 4 - qx * (1 / 5 - qx * (1 / 6 - qx * (1 / 7 - qx * (1 / 8 - qx * (1 / 9 - qx * (1 / 10 - qx * (1 / 11 - qx / 12)))))))))));',
  );

/** eˣ − 1: eˣ − 1 from ¼ on; below, the series x + x²/2! + … + x¹⁰/10! (error < 1e-14 relative), a polynomial GL cannot cancel. */
export const expm1: Body = ([x]) =>
  lines(
    `if (Math.abs(${x}) >= 0.25) { return Math.exp(${x}) - 1; }`,
    `var qx = ${x};`,
    'return qx * (1 + qx / 2 * (1 + qx / 3 * (1 + qx / 4 * (1 + qx / 5 * (1 + qx / 6 * (1 + qx / 7 * (1 + qx / 8 * (1 + qx / 9 * (1 + qx / 10)))))))));',
  );

/**
 * erf: for |x| < 2.5, (2/√π)·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3···(2n+1)) (A&S 7.1.6,
 * all terms positive; 40 terms reach float32 precision at 2.5); beyond,
 * 1 − erfc with erfc(x) = e^(−x²)/(√π·(x + (1/2)/(x + 1/(x + …)))) (A&S
 * 7.1.14) from depth 30; ±1 from |x| = 4 (erfc(4) ≈ 1.5e-8, below float32's
 * half ulp of 1).
 */
export const erf: Body = ([x]) =>
  lines(
    `if (${x} != ${x}) { return ${x}; }`,
    `var qa = Math.abs(${x});`,
    'var qr = 1;',
    'if (qa < 2.5) {',
    '  var q2 = qa * qa;',
    '  var qt = qa;',
    '  var qs = qa;',
    '  var qd = 3;',
    '  for (var qn = 0; qn < 40; qn++) { qt = qt * (2 * q2) / qd; qs = qs + qt; qd = qd + 2; }',
    '  qr = 1.1283791670955126 * Math.exp(-q2) * qs;',
    '} else if (qa < 4) {',
    '  var qf = qa;',
    '  var qk = 30;',
    '  for (var qm = 0; qm < 30; qm++) { qf = qa + qk / 2 / qf; qk = qk - 1; }',
    '  qr = 1 - Math.exp(-qa * qa) / (1.772453850905516 * qf);',
    '}',
    `if (${x} < 0) { return -qr; }`,
    'return qr;',
  );

/**
 * erfinv: M. Giles' single-precision approximation ("Approximating the
 * erfinv function", GPU Computing Gems, 2011), a polynomial in
 * w = −ln(1 − x²), accurate to float32; ±∞ at ±1, NaN beyond.
 */
export const erfinv: Body = ([x]) =>
  lines(
    `var qa = Math.abs(${x});`,
    `if (qa > 1) { ${nan(x!).replace('\n  ', ' ')} }`,
    // ±∞ by overflow (Mesa's GL gives NaN for x/0).
    `if (qa == 1) { return ${x} * 3.0e38 * 3.0e38; }`,
    'var qw = -Math.log((1 - qa) * (1 + qa));',
    'var qp = 0;',
    'if (qw < 5) {',
    '  qw = qw - 2.5;',
    '  qp = 2.81022636e-8;',
    '  qp = 3.43273939e-7 + qp * qw;',
    '  qp = -3.5233877e-6 + qp * qw;',
    '  qp = -4.39150654e-6 + qp * qw;',
    '  qp = 0.00021858087 + qp * qw;',
    '  qp = -0.00125372503 + qp * qw;',
    '  qp = -0.00417768164 + qp * qw;',
    '  qp = 0.246640727 + qp * qw;',
    '  qp = 1.50140941 + qp * qw;',
    '} else {',
    '  qw = Math.sqrt(qw) - 3;',
    '  qp = -0.000200214257;',
    '  qp = 0.000100950558 + qp * qw;',
    '  qp = 0.00134934322 + qp * qw;',
    '  qp = -0.00367342844 + qp * qw;',
    '  qp = 0.00573950773 + qp * qw;',
    '  qp = -0.0076224613 + qp * qw;',
    '  qp = 0.00943887047 + qp * qw;',
    '  qp = 1.00167406 + qp * qw;',
    '  qp = 2.83297682 + qp * qw;',
    '}',
    `return qp * ${x};`,
  );
