/**
 * The one-input elementwise primitives: each entry is an op's whole story
 * for autograd — PyTorch's node name, what its backward needs saved, and its
 * derivative — beside the maths it implements. The keys are the backend's
 * `UnaryOp` kernel tags (backend.ts derives the type from this table), so
 * adding a key here makes every backend's kernel map fail to compile until it
 * has the kernel, and {@link unaryOp} gives the op its recording, its Tensor
 * method and its function form. The conformance coverage test then fails
 * until the op has forward and gradient cases.
 *
 * Gradient rules use public tensor ops only, so they run on every backend and
 * can themselves be differentiated (createGraph).
 */
import type { Tensor } from '../tensor/tensor.js';

/**
 * The unary primitives' names: the backend's `UnaryOp` kernel tags. A plain
 * list (the rule table below must have exactly these keys) because Tensor's
 * methods are typed and installed from it, and the rules' types mention
 * Tensor. This module imports nothing at run time (types only), so tensor.ts
 * can read the list while the modules load: keep it that way.
 */
export const UNARY_OPS = [
  'neg', 'exp', 'log', 'sqrt', 'rsqrt', 'abs', 'sign', 'sin', 'cos', 'atan', 'tanh', 'sigmoid', 'reciprocal', 'floor', 'ceil', 'round', 'logicalNot',
  'tan', 'asin', 'acos', 'sinh', 'cosh', 'erf', 'erfinv', 'log2', 'log10', 'exp2', 'log1p', 'expm1', 'trunc', 'frac',
] as const;

/** One-input elementwise kernel tags. */
export type UnaryOp = (typeof UNARY_OPS)[number];

/** How a unary op treats a dtype that is not floating point. */
export type IntegerInput =
  /** computed in float32, as PyTorch's float functions (exp, sin, …) do */
  | 'toFloat'
  /** computed in the input's dtype (neg, abs, sign) */
  | 'same'
  /** returned unchanged as a copy: the op is the identity on integers (floor, ceil, round) */
  | 'identity'
  /** refused, as PyTorch refuses frac of an integer tensor */
  | 'refuse';

/** One unary primitive's rule. */
export interface UnaryRule {
  /** PyTorch's node name (`grad_fn`), or null for an op that is never differentiable. */
  readonly node: string | null;
  readonly integers: IntegerInput;
  /** Which tensor the derivative needs: the input `x`, the output `y`, or neither. */
  readonly saves: 'input' | 'output' | 'nothing';
  /** ∂L/∂x from the output gradient `g` and the saved tensor (x, y or nothing, per `saves`). */
  readonly grad: ((g: Tensor, saved: Tensor) => Tensor) | null;
  /** Cast every input to this dtype first (logicalNot reads truthiness). */
  readonly castTo?: 'bool';
  /** A message for bool inputs where PyTorch refuses them. */
  readonly refuseBool?: string;
  /** One line for the function's TSDoc: what it computes. */
  readonly doc: string;
}

/** 2/√π, the constant of erf's derivative. */
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The zero gradient of a piecewise-constant op: fresh zeros of g's shape and
 * dtype, as PyTorch's zeros_like(grad) (not g·0, which is −0 where g < 0 and
 * keeps a graph under createGraph).
 */
const zeroGrad = (g: Tensor): Tensor => g.newZeros(g.shape);

export const UNARY_RULES: { readonly [P in UnaryOp]: UnaryRule } = {
  /** −x; d/dx = −1. */
  neg: {
    node: 'NegBackward0',
    integers: 'same',
    saves: 'nothing',
    grad: (g) => g.neg(),
    refuseBool:
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logicalNot()` operator instead.',
    doc: '−x elementwise (torch.neg).',
  },
  /** eˣ; d/dx = eˣ, the output itself (saved instead of recomputed). */
  exp: { node: 'ExpBackward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.mul(y), doc: 'eˣ elementwise (torch.exp).' },
  /** ln x; d/dx = 1/x. */
  log: { node: 'LogBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.div(x), doc: 'The natural logarithm elementwise (torch.log).' },
  /** √x; d/dx = 1/(2√x) = 1/(2y). */
  sqrt: { node: 'SqrtBackward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.div(y.mul(2)), doc: '√x elementwise (torch.sqrt).' },
  /** 1/√x; d/dx = −½·x^(−3/2) = −½·y³. */
  rsqrt: { node: 'RsqrtBackward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.mul(y.pow(3)).mul(-0.5), doc: '1/√x elementwise (torch.rsqrt).' },
  /** |x|; d/dx = sign(x) (0 at 0, as PyTorch). */
  abs: { node: 'AbsBackward0', integers: 'same', saves: 'input', grad: (g, x) => g.mul(x.sign()), doc: '|x| elementwise (torch.abs).' },
  /** sign(x); its derivative is 0 wherever it exists. */
  sign: { node: 'SignBackward0', integers: 'same', saves: 'nothing', grad: zeroGrad, doc: '−1, 0 or 1 by the sign of x (torch.sign).' },
  /** sin x; d/dx = cos x. */
  sin: { node: 'SinBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.mul(x.cos()), doc: 'sin x elementwise (torch.sin).' },
  /** cos x; d/dx = −sin x. */
  cos: { node: 'CosBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.mul(x.sin().neg()), doc: 'cos x elementwise (torch.cos).' },
  /** arctan x; d/dx = 1/(1 + x²). */
  atan: { node: 'AtanBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.div(x.mul(x).add(1)), doc: 'arctan x elementwise, in (−π/2, π/2) (torch.atan).' },
  /** tanh x; d/dx = 1 − tanh²x = 1 − y². */
  tanh: { node: 'TanhBackward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.mul(y.mul(y).neg().add(1)), doc: 'tanh x elementwise (torch.tanh).' },
  /**
   * σ(x) = 1/(1+e^−x); dσ/dx = σ(1−σ). A kernel of its own rather than four
   * (neg, exp, add, reciprocal): the hot activation, and one pass is stable
   * for large |x|.
   */
  sigmoid: {
    node: 'SigmoidBackward0',
    integers: 'toFloat',
    saves: 'output',
    grad: (g, y) => g.mul(y.mul(y.neg().add(1))),
    doc: 'The logistic function 1/(1+e^−x) elementwise (torch.sigmoid).',
  },
  /** 1/x; d/dx = −1/x² = −y². */
  reciprocal: { node: 'ReciprocalBackward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.mul(y.mul(y)).neg(), doc: '1/x elementwise (torch.reciprocal).' },
  /** ⌊x⌋; piecewise constant, so the derivative is 0 wherever it exists. */
  floor: { node: 'FloorBackward0', integers: 'identity', saves: 'nothing', grad: zeroGrad, doc: 'The largest integer ≤ x, elementwise (torch.floor).' },
  /** ⌈x⌉; derivative 0 wherever it exists. */
  ceil: { node: 'CeilBackward0', integers: 'identity', saves: 'nothing', grad: zeroGrad, doc: 'The smallest integer ≥ x, elementwise (torch.ceil).' },
  /** x rounded half to even, as PyTorch; derivative 0 wherever it exists. */
  round: { node: 'RoundBackward0', integers: 'identity', saves: 'nothing', grad: zeroGrad, doc: 'x rounded to the nearest integer, halves to even (torch.round).' },
  /** tan x; d/dx = sec²x = 1 + tan²x = 1 + y². */
  tan: { node: 'TanBackward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.mul(y.mul(y).add(1)), doc: 'tan x elementwise (torch.tan).' },
  /** arcsin x; d/dx = 1/√(1 − x²). */
  asin: { node: 'AsinBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()), doc: 'arcsin x elementwise, in [−π/2, π/2]; NaN outside [−1, 1] (torch.asin).' },
  /** arccos x; d/dx = −1/√(1 − x²). */
  acos: { node: 'AcosBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()).neg(), doc: 'arccos x elementwise, in [0, π]; NaN outside [−1, 1] (torch.acos).' },
  /** sinh x; d/dx = cosh x. */
  sinh: { node: 'SinhBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.mul(x.cosh()), doc: 'sinh x = (eˣ − e⁻ˣ)/2 elementwise (torch.sinh).' },
  /** cosh x; d/dx = sinh x. */
  cosh: { node: 'CoshBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.mul(x.sinh()), doc: 'cosh x = (eˣ + e⁻ˣ)/2 elementwise (torch.cosh).' },
  /** erf x = (2/√π)∫₀ˣ e^(−t²) dt; d/dx = (2/√π)·e^(−x²). */
  erf: { node: 'ErfBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI)), doc: 'The error function (2/√π)∫₀ˣ e^(−t²) dt elementwise (torch.erf).' },
  /** erfinv x, the y with erf y = x; d/dx = 1/erf′(y) = (√π/2)·e^(y²). */
  erfinv: { node: 'ErfinvBackward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.mul(y.mul(y).exp().div(TWO_OVER_SQRT_PI)), doc: 'The inverse error function on (−1, 1), ±∞ at ±1 (torch.erfinv).' },
  /** log₂ x; d/dx = 1/(x·ln 2). */
  log2: { node: 'Log2Backward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.div(x.mul(Math.LN2)), doc: 'The base-2 logarithm elementwise (torch.log2).' },
  /** log₁₀ x; d/dx = 1/(x·ln 10). */
  log10: { node: 'Log10Backward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.div(x.mul(Math.LN10)), doc: 'The base-10 logarithm elementwise (torch.log10).' },
  /** 2ˣ; d/dx = 2ˣ·ln 2 = y·ln 2. */
  exp2: { node: 'Exp2Backward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.mul(y.mul(Math.LN2)), doc: '2ˣ elementwise (torch.exp2).' },
  /** ln(1 + x), accurate for small x (a kernel of its own: log(1 + x) loses x below float precision); d/dx = 1/(1 + x). */
  log1p: { node: 'Log1PBackward0', integers: 'toFloat', saves: 'input', grad: (g, x) => g.div(x.add(1)), doc: 'ln(1 + x) elementwise, accurate for small x (torch.log1p).' },
  /** eˣ − 1, accurate for small x; d/dx = eˣ = y + 1. */
  expm1: { node: 'Expm1Backward0', integers: 'toFloat', saves: 'output', grad: (g, y) => g.mul(y.add(1)), doc: 'eˣ − 1 elementwise, accurate for small x (torch.expm1).' },
  /** x rounded toward zero; derivative 0 wherever it exists. */
  trunc: { node: 'TruncBackward0', integers: 'identity', saves: 'nothing', grad: zeroGrad, doc: 'x rounded toward zero, elementwise (torch.trunc).' },
  /** x − trunc(x), the fractional part with x's sign; d/dx = 1 between the integers. */
  frac: { node: 'FracBackward0', integers: 'refuse', saves: 'nothing', grad: (g) => g, doc: 'The fractional part x − trunc(x), with the sign of x (torch.frac).' },
  /** NOT x, a bool result: never differentiable. */
  logicalNot: { node: null, integers: 'same', castTo: 'bool', saves: 'nothing', grad: null, doc: 'Elementwise NOT of truthiness (nonzero), a bool tensor (torch.logical_not).' },
};
