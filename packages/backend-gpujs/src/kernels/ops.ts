import type { BinaryOp, CompareOp, DType, UnaryOp } from '@grad/core';
import * as special from './special.js';

/**
 * Kernel bodies, one line each where the maths allows. A body gets the names
 * of its loaded operand values and returns gpu.js statements ending in
 * `return`. GLSL's builtins are undefined or overflow where PyTorch is
 * defined (pow of a negative base, tanh of a large input, round half-way), so
 * those few are spelt out.
 */
export type Body = (v: readonly string[]) => string;


const ret = (expr: (v: readonly string[]) => string): Body => (v) => `return ${expr(v)};`;
const fn1 = (f: string): Body => ret((v) => `${f}(${v[0]})`);

/** Statements returning `then` when `cond` holds, else `otherwise`. */
const choose = (cond: string, then: string, otherwise: string): string =>
  `if (${cond}) { return ${then}; }\n  return ${otherwise};`;

// tanh = (1 - e^-2|x|) / (1 + e^-2|x|) never overflows (GLSL's tanh is
// (e^2x - 1)/(e^2x + 1), NaN past x ≈ 44); near 0 that difference cancels,
// so |x| < 0.1 uses the Taylor series x - x³/3 + 2x⁵/15 - 17x⁷/315 (error < 1e-10).
const tanh: Body = ([x]) =>
  [
    `var ax = Math.abs(${x});`,
    `var t2 = ${x} * ${x};`,
    `if (ax < 0.1) { return ${x} * (1 - t2 * (0.3333333333333333 - t2 * (0.13333333333333333 - t2 * 0.05396825396825397))); }`,
    `var e = Math.exp(-2 * ax);`,
    `var th = (1 - e) / (1 + e);`,
    choose(`${x} < 0`, '-th', 'th'),
  ].join('\n  ');

// PyTorch rounds half to even: 2.5 → 2, 3.5 → 4.
const round: Body = ([x]) =>
  [
    `var r = Math.floor(${x} + 0.5);`,
    `if (r - ${x} == 0.5) { if (r - 2 * Math.floor(r / 2) != 0) { r = r - 1; } }`,
    'return r;',
  ].join('\n  ');

// log at its edges, which GLSL leaves undefined (SwiftShader's log gives
// log(0) = -88, log(-1) = 0): log(±0) = -∞, log(x < 0) = NaN, log(∞) = ∞.
// NaN comes from sqrt of a negative, -∞ from -1/|x| at x = ±0 (run-time
// IEEE division; a literal could be folded), ∞ is recognised as x·½ = x.
const log: Body = ([x]) =>
  [
    `if (${x} < 0) { return Math.sqrt(${x} - 1); }`,
    `if (${x} == 0) { return -1 / Math.abs(${x}); }`,
    `if (${x} > 0 && ${x} * 0.5 == ${x}) { return ${x}; }`,
    `return Math.log(${x});`,
  ].join('\n  ');

/**
 * A NaN input returns itself. GLSL promises nothing for NaN, and real
 * compilers differ: SwiftShader's exp(NaN) is ∞, which made
 * sigmoid(NaN) = 0 and softmax([1, ∞]) = [0, NaN].
 */
const nanThrough = (body: Body): Body => (v) => `if (${v[0]} != ${v[0]}) { return ${v[0]}; }\n  ${body(v)}`;

export const unaryBodies: Record<UnaryOp, Body> = {
  neg: ret(([x]) => `-${x}`),
  exp: nanThrough(fn1('Math.exp')),
  log: nanThrough(log),
  sqrt: nanThrough(fn1('Math.sqrt')),
  rsqrt: nanThrough(ret(([x]) => `1 / Math.sqrt(${x})`)),
  abs: nanThrough(fn1('Math.abs')),
  // 0 and NaN fall through unchanged, as torch.sign.
  sign: ([x]) => `if (${x} > 0) { return 1; }\n  if (${x} < 0) { return -1; }\n  return ${x};`,
  sin: nanThrough(fn1('Math.sin')),
  cos: nanThrough(fn1('Math.cos')),
  atan: nanThrough(fn1('Math.atan')),
  tanh: nanThrough(tanh),
  sigmoid: nanThrough(ret(([x]) => `1 / (1 + Math.exp(-${x}))`)),
  reciprocal: ret(([x]) => `1 / ${x}`),
  floor: nanThrough(fn1('Math.floor')),
  ceil: nanThrough(fn1('Math.ceil')),
  round: nanThrough(round),
  logicalNot: ([x]) => choose(`${x} == 0`, '1', '0'),
  tan: fn1('Math.tan'),
  asin: special.asin,
  acos: special.acos,
  sinh: special.sinh,
  cosh: special.cosh,
  erf: special.erf,
  erfinv: special.erfinv,
  log2: fn1('Math.log2'),
  log10: ret(([x]) => `Math.log(${x}) * 0.4342944819032518`),
  exp2: ret(([x]) => `Math.pow(2, ${x})`),
  log1p: special.log1p,
  expm1: special.expm1,
  // Toward zero: ceil below 0, floor above (GLSL ES 1.0 has no trunc). From 2²³ on every float32 is an
  // integer (and ±∞ stays itself: Mesa's floor(∞) is NaN): trunc is x, frac x − x (0, or NaN for ±∞).
  trunc: ([x]) => `if (Math.abs(${x}) >= 8388608) { return ${x}; }\n  ` + choose(`${x} < 0`, `Math.ceil(${x})`, `Math.floor(${x})`),
  frac: ([x]) => `if (Math.abs(${x}) > 3.4e38) { ${special.nan(x!).replace('\n  ', ' ')} }\n  if (Math.abs(${x}) >= 8388608) { return 0; }\n  ` + choose(`${x} < 0`, `${x} - Math.ceil(${x})`, `${x} - Math.floor(${x})`),
};

// x^y as C's pow (PyTorch's): GLSL's pow(x, y) = exp2(y·log2 x) is
// undefined for x < 0, gives 0 for 0^-1 and NaN for 1^∞, and Mesa returns 0
// for NaN^2; so every edge is spelt out, in C's order of precedence:
// x^0 = 1 and 1^y = 1 even for a NaN; then NaN propagates; a zero base
// gives ±0 or ±∞ (the sign kept only for an odd integer y, so (-0)^-1 = -∞);
// (±1)^±∞ = 1 (every float past 2^24 is an even integer). A negative base
// is defined only for an integer y (sign from its parity); a non-integer y
// yields NaN via sqrt of a negative (y - floor(y) - 1 < 0).
const powFloat: Body = ([a, b]) =>
  [
    `if (${b} == 0) { return 1; }`,
    `if (${a} == 1) { return 1; }`,
    `if (${a} != ${a}) { return ${a}; }`,
    `if (${b} != ${b}) { return ${b}; }`,
    `var fb = Math.floor(${b});`,
    `var odd = 0;`,
    `if (fb == ${b} && Math.abs(${b}) < 16777216) { if (Math.floor(fb / 2) != fb / 2) { odd = 1; } }`,
    `if (${a} == 0) {`,
    `  if (${b} < 0) { if (odd == 1) { return 1 / ${a}; } return Math.abs(1 / ${a}); }`,
    `  if (odd == 1) { return ${a}; }`,
    `  return 0;`,
    `}`,
    `if (${a} == -1 && Math.abs(${b}) >= 16777216) { return 1; }`,
    `if (${a} > 0) { return Math.pow(${a}, ${b}); }`,
    `if (fb != ${b}) { return Math.sqrt(${b} - fb - 1); }`,
    `var m = Math.pow(-${a}, ${b});`,
    choose('odd == 1', '-m', 'm'),
  ].join('\n  ');

// Integer pow: the float result rounded, since exp2(y·log2 x) is 9999.998 for 100².
const powInt: Body = (v) => `${powFloat(v).replace(/return (.+?);/g, 'return Math.floor($1 + 0.5);')}`;

// Integer division truncates toward zero. On |a|, |b| the float quotient is
// at most one off (inexact GL division), so the remainder check corrects it.
const divInt: Body = ([a, b]) =>
  [
    `var aa = Math.abs(${a});`,
    `var ab = Math.abs(${b});`,
    'var q = Math.floor(aa / ab);',
    'var r = aa - q * ab;',
    'if (r < 0) { q = q - 1; }',
    'if (r >= ab) { q = q + 1; }',
    choose(`(${a} < 0) != (${b} < 0)`, '-q', 'q'),
  ].join('\n  ');

// maximum/minimum propagate NaN, as PyTorch's do (GLSL's max does not promise to).
const extreme = (f: string): Body => ([a, b]) =>
  `if (${a} != ${a}) { return ${a}; }\n  if (${b} != ${b}) { return ${b}; }\n  return ${f}(${a}, ${b});`;

// fmod: a − trunc(a/b)·b; the float32 quotient can round across an integer, which
// leaves r outside (−|b|, |b|) or with the wrong sign: one correction step brings it back.
const fmodFloat: Body = ([a, b]) =>
  [
    `var fq = ${a} / ${b};`,
    'if (fq < 0) { fq = Math.ceil(fq); } else { fq = Math.floor(fq); }',
    `var fr = ${a} - fq * ${b};`,
    `var fb = Math.abs(${b});`,
    `if (${a} >= 0 && fr < 0) { fr = fr + fb; }`,
    `if (${a} < 0 && fr > 0) { fr = fr - fb; }`,
    'if (fr >= fb) { fr = fr - fb; }',
    'if (fr <= -fb) { fr = fr + fb; }',
    'return fr;',
  ].join('\n  ');

// Integer fmod: the truncated quotient made exact as in divInt, then a − q·b.
const fmodInt: Body = ([a, b]) =>
  [
    `var aa = Math.abs(${a});`,
    `var ab = Math.abs(${b});`,
    'var q = Math.floor(aa / ab);',
    'var r = aa - q * ab;',
    'if (r < 0) { r = r + ab; }',
    'if (r >= ab) { r = r - ab; }',
    choose(`${a} < 0`, '-r', 'r'),
  ].join('\n  ');

const binaryFloat: Record<BinaryOp, Body> = {
  add: ret(([a, b]) => `${a} + ${b}`),
  sub: ret(([a, b]) => `${a} - ${b}`),
  mul: ret(([a, b]) => `${a} * ${b}`),
  div: ret(([a, b]) => `${a} / ${b}`),
  pow: powFloat,
  maximum: extreme('Math.max'),
  minimum: extreme('Math.min'),
  fmod: fmodFloat,
};

/** The body of a binary op for a dtype: integers divide and raise exactly. */
export function binaryBody(op: BinaryOp, dtype: DType): Body {
  if (dtype === 'int32' || dtype === 'bool') {
    if (op === 'div') return divInt;
    if (op === 'pow') return powInt;
    if (op === 'fmod') return fmodInt;
  }
  return binaryFloat[op];
}

const cmp = (operator: string): Body => ([a, b]) => choose(`${a} ${operator} ${b}`, '1', '0');

export const compareBodies: Record<CompareOp, Body> = {
  eq: cmp('=='),
  ne: cmp('!='),
  lt: cmp('<'),
  le: cmp('<='),
  gt: cmp('>'),
  ge: cmp('>='),
};

/** `cond ? a : b`. */
export const whereBody: Body = ([c, a, b]) => choose(`${c} != 0`, a!, b!);

/** The identity: `contiguous`, and casts to float32. */
export const copyBody: Body = ret(([x]) => x!);

/** Cast bodies: float→int truncates toward zero; nonzero (NaN included) is true. */
export function castBody(dtype: DType): Body {
  if (dtype === 'int32') return ([x]) => choose(`${x} < 0`, `Math.ceil(${x})`, `Math.floor(${x})`);
  if (dtype === 'bool') return ([x]) => choose(`${x} != 0`, '1', '0');
  return copyBody;
}
