// Generated from UNARY_RULES (src/ops/unary-rules.ts) by `pnpm --filter @grad/core generate`
// (scripts/generate-surface.ts): do not edit by hand; add a rule to the table instead.
import { unaryFunction } from './unary.js';

/** −x elementwise (torch.neg). Also a method: `x.neg()`. */
export const neg = unaryFunction('neg');
/** eˣ elementwise (torch.exp). Also a method: `x.exp()`. */
export const exp = unaryFunction('exp');
/** The natural logarithm elementwise (torch.log). Also a method: `x.log()`. */
export const log = unaryFunction('log');
/** √x elementwise (torch.sqrt). Also a method: `x.sqrt()`. */
export const sqrt = unaryFunction('sqrt');
/** 1/√x elementwise (torch.rsqrt). Also a method: `x.rsqrt()`. */
export const rsqrt = unaryFunction('rsqrt');
/** |x| elementwise (torch.abs). Also a method: `x.abs()`. */
export const abs = unaryFunction('abs');
/** −1, 0 or 1 by the sign of x (torch.sign). Also a method: `x.sign()`. */
export const sign = unaryFunction('sign');
/** sin x elementwise (torch.sin). Also a method: `x.sin()`. */
export const sin = unaryFunction('sin');
/** cos x elementwise (torch.cos). Also a method: `x.cos()`. */
export const cos = unaryFunction('cos');
/** arctan x elementwise, in (−π/2, π/2) (torch.atan). Also a method: `x.atan()`. */
export const atan = unaryFunction('atan');
/** tanh x elementwise (torch.tanh). Also a method: `x.tanh()`. */
export const tanh = unaryFunction('tanh');
/** The logistic function 1/(1+e^−x) elementwise (torch.sigmoid). Also a method: `x.sigmoid()`. */
export const sigmoid = unaryFunction('sigmoid');
/** 1/x elementwise (torch.reciprocal). Also a method: `x.reciprocal()`. */
export const reciprocal = unaryFunction('reciprocal');
/** The largest integer ≤ x, elementwise (torch.floor). Also a method: `x.floor()`. */
export const floor = unaryFunction('floor');
/** The smallest integer ≥ x, elementwise (torch.ceil). Also a method: `x.ceil()`. */
export const ceil = unaryFunction('ceil');
/** x rounded to the nearest integer, halves to even (torch.round). Also a method: `x.round()`. */
export const round = unaryFunction('round');
/** Elementwise NOT of truthiness (nonzero), a bool tensor (torch.logical_not). Also a method: `x.logicalNot()`. */
export const logicalNot = unaryFunction('logicalNot');
/** tan x elementwise (torch.tan). Also a method: `x.tan()`. */
export const tan = unaryFunction('tan');
/** arcsin x elementwise, in [−π/2, π/2]; NaN outside [−1, 1] (torch.asin). Also a method: `x.asin()`. */
export const asin = unaryFunction('asin');
/** arccos x elementwise, in [0, π]; NaN outside [−1, 1] (torch.acos). Also a method: `x.acos()`. */
export const acos = unaryFunction('acos');
/** sinh x = (eˣ − e⁻ˣ)/2 elementwise (torch.sinh). Also a method: `x.sinh()`. */
export const sinh = unaryFunction('sinh');
/** cosh x = (eˣ + e⁻ˣ)/2 elementwise (torch.cosh). Also a method: `x.cosh()`. */
export const cosh = unaryFunction('cosh');
/** The error function (2/√π)∫₀ˣ e^(−t²) dt elementwise (torch.erf). Also a method: `x.erf()`. */
export const erf = unaryFunction('erf');
/** The inverse error function on (−1, 1), ±∞ at ±1 (torch.erfinv). Also a method: `x.erfinv()`. */
export const erfinv = unaryFunction('erfinv');
/** The base-2 logarithm elementwise (torch.log2). Also a method: `x.log2()`. */
export const log2 = unaryFunction('log2');
/** The base-10 logarithm elementwise (torch.log10). Also a method: `x.log10()`. */
export const log10 = unaryFunction('log10');
/** 2ˣ elementwise (torch.exp2). Also a method: `x.exp2()`. */
export const exp2 = unaryFunction('exp2');
/** ln(1 + x) elementwise, accurate for small x (torch.log1p). Also a method: `x.log1p()`. */
export const log1p = unaryFunction('log1p');
/** eˣ − 1 elementwise, accurate for small x (torch.expm1). Also a method: `x.expm1()`. */
export const expm1 = unaryFunction('expm1');
/** x rounded toward zero, elementwise (torch.trunc). Also a method: `x.trunc()`. */
export const trunc = unaryFunction('trunc');
/** The fractional part x − trunc(x), with the sign of x (torch.frac). Also a method: `x.frac()`. */
export const frac = unaryFunction('frac');
