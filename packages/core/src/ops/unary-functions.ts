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
