/**
 * The elementwise ops, one line each. Each function must be self-contained
 * (no outside names): codegen.ts inlines its source into a loop.
 */
import type { BinaryOp, CompareOp, UnaryOp } from '@grad/core';
import { erf, erfinv } from './special.js';

export const unaryOps: { [P in UnaryOp]: (x: number) => number } = {
  neg: (x) => -x,
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  rsqrt: (x) => 1 / Math.sqrt(x),
  abs: (x) => Math.abs(x),
  // NaN and ±0 map to themselves, as torch.sign.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  atan: (x) => Math.atan(x),
  tanh: (x) => Math.tanh(x),
  // Two branches so that e^x never overflows: σ(x) = e^x/(1+e^x) for x < 0.
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  reciprocal: (x) => 1 / x,
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  // Half to even, as torch.round: 2.5 → 2, 3.5 → 4.
  round: (x) => (x - Math.floor(x) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)),
  logicalNot: (x) => (x === 0 ? 1 : 0),
  tan: (x) => Math.tan(x),
  asin: (x) => Math.asin(x),
  acos: (x) => Math.acos(x),
  sinh: (x) => Math.sinh(x),
  cosh: (x) => Math.cosh(x),
  erf,
  erfinv,
  log2: (x) => Math.log2(x),
  log10: (x) => Math.log10(x),
  exp2: (x) => Math.pow(2, x),
  log1p: (x) => Math.log1p(x),
  expm1: (x) => Math.expm1(x),
  trunc: (x) => Math.trunc(x),
  // x − trunc(x) keeps x's sign (frac(−2.5) = −0.5) and is NaN at ±∞, as torch.frac.
  frac: (x) => x - Math.trunc(x),
};

export const binaryOps: { [P in BinaryOp]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  // NaN wins, as torch.maximum/minimum.
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  // JavaScript's % is C's fmod: exact, with the dividend's sign.
  fmod: (a, b) => a % b,
};

export const compareOps: { [P in CompareOp]: (a: number, b: number) => number } = {
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
};
