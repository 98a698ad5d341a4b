/**
 * The two-input elementwise primitives: each entry is one op's story for
 * autograd — PyTorch's node name, what each input's derivative needs saved,
 * and the derivatives — beside the maths. Typed by the backend's `BinaryOp`
 * kernel tags, so a new tag without a rule fails to compile.
 *
 * `needs` is per input: an op saves only what the gradients that will be
 * asked for need (`x·w` with a `w` that needs no gradient saves `w` only for
 * x's gradient, never `x`), so changing an operand in place afterwards is
 * refused only where PyTorch refuses it. Numbers are kept as numbers.
 * The engine sums each gradient back to its input's shape, so the rules
 * work at the broadcast shape.
 */
import type { BinaryOp } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import * as compare from './compare.js';
import { div, where } from './binary.js';

/** What a rule can ask for: either operand (a tensor, or the number it was) or the output. */
export type Saved = 'a' | 'b' | 'out';

/** The saved values a gradient is computed from (a number operand stays a number). */
export interface SavedValues {
  a: Tensor | number;
  b: Tensor | number;
  out: Tensor;
}

/** Per-call numbers a rule's derivative depends on (add's and sub's α). */
export interface BinaryAttrs {
  alpha: number;
}

export interface BinaryRule {
  /** PyTorch's node name; a function where PyTorch names the cases (`2 - x` is RsubBackward1). */
  readonly node: string | ((aIsTensor: boolean, bIsTensor: boolean) => string);
  /** What ∂/∂a and ∂/∂b need. */
  readonly needs: { readonly a: readonly Saved[]; readonly b: readonly Saved[] };
  /** ∂L/∂a from the output gradient `g`. */
  readonly gradA: (g: Tensor, v: SavedValues, attrs: BinaryAttrs) => Tensor;
  /** ∂L/∂b from the output gradient `g`. */
  readonly gradB: (g: Tensor, v: SavedValues, attrs: BinaryAttrs) => Tensor;
}

/**
 * The gradient one side of a max/min gets: all of g where it won, half at a
 * tie (PyTorch splits ties evenly), +0 where it lost (written, as PyTorch's
 * masked_fill does, not g·0, which is −0 where g < 0).
 */
function share(op: 'maximum' | 'minimum', v: SavedValues, g: Tensor, side: 'a' | 'b'): Tensor {
  const [mine, theirs] = side === 'a' ? [v.a, v.b] : [v.b, v.a];
  const wins = op === 'maximum' ? compare.gt(mine, theirs) : compare.lt(mine, theirs);
  return where(wins, g, where(compare.eq(mine, theirs), g.mul(0.5), 0));
}

export const BINARY_RULES: { readonly [P in BinaryOp]: BinaryRule } = {
  /** a + α·b; ∂/∂a = 1, ∂/∂b = α. */
  add: {
    node: 'AddBackward0',
    needs: { a: [], b: [] },
    gradA: (g) => g,
    gradB: (g, _v, { alpha }) => (alpha === 1 ? g : g.mul(alpha)),
  },
  /** a − α·b; ∂/∂a = 1, ∂/∂b = −α. `n − x` is PyTorch's rsub: RsubBackward1. */
  sub: {
    node: (aIsTensor) => (aIsTensor ? 'SubBackward0' : 'RsubBackward1'),
    needs: { a: [], b: [] },
    gradA: (g) => g,
    gradB: (g, _v, { alpha }) => g.mul(-alpha),
  },
  /** a·b; ∂/∂a = b, ∂/∂b = a. */
  mul: {
    node: 'MulBackward0',
    needs: { a: ['b'], b: ['a'] },
    gradA: (g, v) => g.mul(v.b),
    gradB: (g, v) => g.mul(v.a),
  },
  /** a/b; ∂/∂a = 1/b, ∂/∂b = −a/b². */
  div: {
    node: 'DivBackward0',
    needs: { a: ['b'], b: ['a', 'b'] },
    gradA: (g, v) => g.div(v.b),
    gradB: (g, v) => g.mul(v.a).div((v.b as Tensor).mul(v.b)).neg(),
  },
  /**
   * aᵇ; ∂/∂a = b·a^(b−1) (0 when b = 0); ∂/∂b = aᵇ·ln a, taken as 0 where
   * a = 0 and b ≥ 0, as PyTorch. Node names: a number exponent is
   * PowBackward0, a number base PowBackward2, two tensors PowBackward1.
   */
  pow: {
    node: (aIsTensor, bIsTensor) => (!bIsTensor ? 'PowBackward0' : !aIsTensor ? 'PowBackward2' : 'PowBackward1'),
    needs: { a: ['a', 'b'], b: ['a', 'b', 'out'] },
    gradA: (g, v) => {
      if (typeof v.b === 'number') return v.b === 0 ? g.mul(0) : g.mul((v.a as Tensor).pow(v.b - 1).mul(v.b));
      return g.mul(v.b).mul((v.a as Tensor).pow(v.b.sub(1)));
    },
    gradB: (g, v) => {
      if (typeof v.a === 'number') return g.mul(v.out).mul(Math.log(v.a));
      const a = v.a;
      return where(compare.logicalAnd(compare.eq(a, 0), compare.ge(v.b, 0)), 0, g.mul(v.out).mul(a.log()));
    },
  },
  /** max(a, b); the gradient goes to the larger, split evenly at a tie. */
  maximum: {
    node: 'MaximumBackward0',
    needs: { a: ['a', 'b'], b: ['a', 'b'] },
    gradA: (g, v) => share('maximum', v, g, 'a'),
    gradB: (g, v) => share('maximum', v, g, 'b'),
  },
  /**
   * C's fmod: a − trunc(a/b)·b, exact, with the dividend's sign. ∂/∂a = 1,
   * ∂/∂b = −trunc(a/b). A number divisor is FmodBackward0, a tensor one
   * FmodBackward1, as PyTorch.
   */
  fmod: {
    node: (_aIsTensor, bIsTensor) => (bIsTensor ? 'FmodBackward1' : 'FmodBackward0'),
    needs: { a: [], b: ['a', 'b'] },
    gradA: (g) => g,
    gradB: (g, v) => g.mul(div(v.a, v.b, { roundingMode: 'trunc' })).neg(),
  },
  /** min(a, b); the gradient goes to the smaller, split evenly at a tie. */
  minimum: {
    node: 'MinimumBackward0',
    needs: { a: ['a', 'b'], b: ['a', 'b'] },
    gradA: (g, v) => share('minimum', v, g, 'a'),
    gradB: (g, v) => share('minimum', v, g, 'b'),
  },
};
