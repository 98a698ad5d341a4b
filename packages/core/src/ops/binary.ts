/**
 * Two-input elementwise ops, broadcasting as NumPy does, and their gradients.
 * The engine sums each gradient back to its input's shape, so rules here
 * work at the broadcast shape.
 */
import type { BinaryOp } from '../backend/backend.js';
import { type DType, isFloatingPoint, resultType, scalarTypeName } from '../dtype.js';
import { record, shouldRecord } from '../autograd/record.js';
import { checkOptions } from '../options.js';
import { operandArg, tensorArg } from './arguments.js';
import { BINARY_RULES, type BinaryAttrs, type BinaryRule, type Saved, type SavedValues } from './binary-rules.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { runBinary, runWhere } from '../dispatch/kernels.js';
import * as compare from './compare.js';
import * as unary from './unary.js';
import { RuntimeError, TypeError } from '../errors.js';
import { WHERE_RULE } from './kernel-rules.js';
import { recordRule } from './rule.js';

type Arg = Tensor | number;

/** @internal Runs a binary kernel at the broadcast shape, in `dtype`. No recording. */
export const binaryKernel = runBinary;

/** Arithmetic on bools is done in int32 and brought back (true + true is true, as PyTorch). */
function arithmetic(op: BinaryOp, a: Arg, b: Arg, dtype: DType): Tensor {
  if (dtype !== 'bool') return binaryKernel(op, a, b, dtype);
  return binaryKernel(op, a, b, 'int32').to('bool');
}

function tensorOrNull(x: Arg): Tensor | null {
  return x instanceof Tensor ? x : null;
}

const NO_ATTRS: BinaryAttrs = { alpha: 1 };
/** The option keys of add/sub and of div (one array each, not one per call). */
const ALPHA = ['alpha'] as const;
const ROUNDING = ['roundingMode'] as const;

/**
 * What each rule saves, per which operands will want a gradient (index:
 * bit 0 for a, bit 1 for b): the union of those gradients' `needs`, in the
 * order a, b, out, with the call data of the common call (two tensors, no
 * α), shared by every such node. Worked out once per op on first use (not
 * at load: this module and binary-rules.ts import each other), so recording
 * allocates no set, scratch array or closure per call.
 */
const SAVE_PLANS: Partial<Record<BinaryOp, ReadonlyArray<BinaryCall>>> = {};

function savePlan(op: BinaryOp, rule: BinaryRule): ReadonlyArray<BinaryCall> {
  let plans = SAVE_PLANS[op];
  if (plans === undefined) {
    const order: readonly Saved[] = ['a', 'b', 'out'];
    plans = [0, 1, 2, 3].map((mask) => {
      const wanted = [...(mask & 1 ? rule.needs.a : []), ...(mask & 2 ? rule.needs.b : [])];
      return { rule, slots: order.filter((slot) => wanted.includes(slot)), numberA: undefined, numberB: undefined, attrs: NO_ATTRS };
    });
    SAVE_PLANS[op] = plans;
  }
  return plans;
}

/**
 * Records `out = op(a, b)` as its rule in {@link BINARY_RULES} says: the
 * node, and only the tensors the requested gradients need. The only place
 * a binary primitive is recorded.
 */
function recordBinary(op: BinaryOp, a: Arg, b: Arg, out: Tensor, attrs: BinaryAttrs = NO_ATTRS): Tensor {
  const ta = tensorOrNull(a);
  const tb = tensorOrNull(b);
  if (!shouldRecord([ta, tb])) return out;
  const rule: BinaryRule = BINARY_RULES[op];
  const shared = savePlan(op, rule)[(ta?.requiresGrad ? 1 : 0) | (tb?.requiresGrad ? 2 : 0)]!;
  const plan = shared.slots;
  // A number operand is not saved: it stays a number in the call data.
  const slots = (ta === null && plan.includes('a')) || (tb === null && plan.includes('b')) ? plan.filter((s) => (s === 'a' ? ta : s === 'b' ? tb : out) !== null) : plan;
  const save = slots.map((s) => (s === 'a' ? ta! : s === 'b' ? tb! : out));
  const name = typeof rule.node === 'string' ? rule.node : rule.node(ta !== null, tb !== null);
  const ctx: BinaryCall =
    ta !== null && tb !== null && attrs === NO_ATTRS ? shared : { rule, slots, numberA: ta === null ? (a as number) : undefined, numberB: tb === null ? (b as number) : undefined, attrs };
  record({ name, inputs: [ta, tb], outputs: [out], save, backward: binaryBackward, ctx });
  return out;
}

/** What a binary node's backward needs of its call besides the saved tensors. */
interface BinaryCall {
  readonly rule: BinaryRule;
  /** Which saved tensor is which operand (or the output). */
  readonly slots: readonly Saved[];
  /** A number operand, kept as the number. */
  readonly numberA: number | undefined;
  readonly numberB: number | undefined;
  readonly attrs: BinaryAttrs;
}

/** The backward of every binary node: its rule's two derivatives, from the saved tensors and the call. */
function binaryBackward([g]: Tensor[], saved: Tensor[], needs: readonly boolean[], ctx: unknown): Array<Tensor | null> {
  const { rule, slots, numberA, numberB, attrs } = ctx as BinaryCall;
  const v = { a: numberA, b: numberB } as SavedValues;
  for (let i = 0; i < slots.length; i++) v[slots[i]!] = saved[i]!;
  return [needs[0] ? rule.gradA(g!, v, attrs) : null, needs[1] ? rule.gradB(g!, v, attrs) : null];
}

/** α·b without recording (add's and sub's α is applied inside the op, as PyTorch's kernels do). */
function scaled(b: Arg, alpha: number): Arg {
  if (alpha === 1) return b;
  return noGrad(() => (b instanceof Tensor ? mul(b, alpha) : b * alpha));
}

/** a + α·b. */
export function add(a: Arg, b: Arg, options: { alpha?: number } = {}): Tensor {
  checkOptions('add', options, ALPHA);
  operandArg('add', 'input', 0, a);
  operandArg('add', 'other', 1, b);
  const alpha = options.alpha ?? 1;
  const out = arithmetic('add', a, scaled(b, alpha), resultType(a, b));
  return recordBinary('add', a, b, out, { alpha });
}

/** a − α·b. */
export function sub(a: Arg, b: Arg, options: { alpha?: number } = {}): Tensor {
  checkOptions('sub', options, ALPHA);
  operandArg('sub', 'input', 0, a);
  operandArg('sub', 'other', 1, b);
  const alpha = options.alpha ?? 1;
  const dtype = resultType(a, b);
  if (dtype === 'bool') {
    throw new TypeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  const out = binaryKernel('sub', a, scaled(b, alpha), dtype);
  return recordBinary('sub', a, b, out, { alpha });
}

/** n − x (PyTorch's rsub, used by rules such as 1 − y). */
export function rsub(x: Tensor, n: number): Tensor {
  return sub(n, x);
}

/** a·b. */
export function mul(a: Arg, b: Arg): Tensor {
  operandArg('mul', 'input', 0, a);
  operandArg('mul', 'other', 1, b);
  return recordBinary('mul', a, b, arithmetic('mul', a, b, resultType(a, b)));
}

/**
 * a / b (true division: integers give float32, as PyTorch); a number over a
 * tensor is reciprocal then mul, as PyTorch's `2 / x`. With
 * `roundingMode` ('trunc' | 'floor') the result is rounded and, being
 * piecewise constant, has zero gradient (a node of its own, DivBackward2).
 */
export function div(a: Arg, b: Arg, options: { roundingMode?: 'trunc' | 'floor' } = {}): Tensor {
  checkOptions('div', options, ROUNDING);
  operandArg('div', 'input', 0, a);
  operandArg('div', 'other', 1, b);
  if (options.roundingMode !== undefined && options.roundingMode !== 'trunc' && options.roundingMode !== 'floor') {
    throw new RuntimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(options.roundingMode)}'`);
  }
  const dtype = resultType(a, b);
  if (options.roundingMode) {
    const floatType = isFloatingPoint(dtype) ? dtype : 'float32';
    const q = binaryKernel('div', a, b, floatType);
    const r = options.roundingMode === 'floor' ? noGrad(() => unary.floor(q)) : noGrad(() => q.sign().mul(q.abs().floor()));
    const out = isFloatingPoint(dtype) ? r : r.to(dtype);
    record({ name: 'DivBackward2', inputs: [tensorOrNull(a), tensorOrNull(b)], outputs: [out], backward: ([g]) => [g!.mul(0), g!.mul(0)] });
    return out;
  }
  // A number over a tensor is Python's `2 / x`, which PyTorch 1.13 computes as reciprocal(x)·2 (Tensor.__rtruediv__):
  // recorded as MulBackward0 over ReciprocalBackward0, with that rounding (1/x, then the product).
  if (typeof a === 'number' && b instanceof Tensor) return mul(unary.unaryOp('reciprocal', b), a);
  return recordBinary('div', a, b, binaryKernel('div', a, b, isFloatingPoint(dtype) ? dtype : 'float32'));
}

/** x^e, with a number or tensor exponent (and a number or tensor base). */
export function pow(x: Arg, e: Arg): Tensor {
  operandArg('pow', 'input', 0, x);
  operandArg('pow', 'exponent', 1, e);
  const dtype = resultType(x, e);
  if (dtype === 'int32' && (typeof e === 'number' ? e < 0 : false)) {
    throw new RuntimeError('Integers to negative integer powers are not allowed.');
  }
  return recordBinary('pow', x, e, binaryKernel('pow', x, e, dtype === 'bool' ? 'int32' : dtype));
}

export function maximum(a: Arg, b: Arg): Tensor {
  operandArg('maximum', 'input', 0, a);
  operandArg('maximum', 'other', 1, b);
  return recordBinary('maximum', a, b, binaryKernel('maximum', a, b, resultType(a, b)));
}

export function minimum(a: Arg, b: Arg): Tensor {
  operandArg('minimum', 'input', 0, a);
  operandArg('minimum', 'other', 1, b);
  return recordBinary('minimum', a, b, binaryKernel('minimum', a, b, resultType(a, b)));
}

/** a − trunc(a/b)·b, exact (C's fmod, torch.fmod): the dividend's sign. Integer division by zero is refused by the caller. */
export function fmod(a: Arg, b: Arg): Tensor {
  operandArg('fmod', 'input', 0, a);
  operandArg('fmod', 'other', 1, b);
  const dtype = resultType(a, b);
  return recordBinary('fmod', a, b, binaryKernel('fmod', a, b, dtype === 'bool' ? 'int32' : dtype));
}

/** cond ? a : b, broadcasting all three; the gradient goes to whichever side was taken (WHERE_RULE). */
export function where(cond: Tensor, a: Arg | boolean, b: Arg | boolean): Tensor {
  if (!(cond instanceof Tensor) || cond.dtype !== 'bool') {
    const got = cond instanceof Tensor ? scalarTypeName(cond.dtype) : typeof cond;
    throw new TypeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${got}`);
  }
  operandArg('where', 'input', 1, a);
  operandArg('where', 'other', 2, b);
  const A = typeof a === 'boolean' ? Number(a) : a;
  const B = typeof b === 'boolean' ? Number(b) : b;
  const dtype = typeof a === 'boolean' && typeof b === 'boolean' ? 'bool' : resultType(A, B);
  return recordRule(WHERE_RULE, [cond, A, B], runWhere(cond, A, B, dtype), null);
}

/**
 * Clamps into [min, max]. With number bounds the gradient passes where
 * min ≤ x ≤ max (ClampBackward1); tensor bounds compose maximum/minimum.
 */
export function clamp(x: Tensor, min?: Arg | null, max?: Arg | null): Tensor {
  tensorArg('clamp', 'input', 0, x);
  if (min !== undefined && min !== null) operandArg('clamp', 'min', 1, min);
  if (max !== undefined && max !== null) operandArg('clamp', 'max', 2, max);
  const hasMin = min !== undefined && min !== null;
  const hasMax = max !== undefined && max !== null;
  if (!hasMin && !hasMax) throw new TypeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (min instanceof Tensor || max instanceof Tensor) return clampTensor(x, hasMin ? min! : null, hasMax ? max! : null);
  // PyTorch 1.13 records clamp with number bounds as ClampBackward1, one or both given.
  return clampNumbers(x, hasMin ? (min as number) : null, hasMax ? (max as number) : null, 'ClampBackward1');
}

/**
 * @internal clamp to number bounds (null: none), recorded under `name`
 * (clamp's ClampBackward1; clampMin's and clampMax's own node names).
 * Backward: g where lo ≤ x ≤ hi, else +0.
 */
export function clampNumbers(x: Tensor, min: number | null, max: number | null, name: string): Tensor {
  const hasMin = min !== null;
  const hasMax = max !== null;
  const lo = hasMin ? (min as number) : -Infinity;
  const hi = hasMax ? (max as number) : Infinity;
  const dtype = x.dtype;
  let out = noGrad(() => {
    let r = hasMin ? binaryKernel('maximum', x, lo, dtype) : x;
    if (hasMax) r = binaryKernel('minimum', r, hi, dtype);
    return r === x ? x.clone() : r;
  });
  if (out === x) out = x.clone();
  record({
    name,
    inputs: [x],
    outputs: [out],
    save: [x],
    backward: ([g], [x0]) => {
      // g where lo ≤ x ≤ hi, else +0 (PyTorch's clamp_backward writes zeros; g·mask would be −0 where g < 0).
      const inside = compare.logicalAnd(compare.ge(x0!, lo), compare.le(x0!, hi));
      return [where(inside, g!, 0)];
    },
  });
  return out;
}

/**
 * clamp with tensor bounds, one node as PyTorch's (ClampBackward0), not a
 * maximum then a minimum (which would split the gradient at ties). Forward:
 * min(max(x, lo), hi). Backward, as PyTorch's clamp_backward and
 * clamp_backward_min_max: x gets g where lo ≤ x ≤ hi; lo gets g where
 * x < lo (and lo < hi); hi gets g where x > hi (or hi < lo); +0 elsewhere.
 */
function clampTensor(x: Tensor, lo: Arg | null, hi: Arg | null): Tensor {
  const out = noGrad(() => {
    let r: Tensor = x;
    if (lo !== null) r = binaryKernel('maximum', r, lo, resultType(r, lo));
    if (hi !== null) r = binaryKernel('minimum', r, hi, resultType(r, hi));
    return r === x ? x.clone() : r;
  });
  const tlo = lo instanceof Tensor ? lo : null;
  const thi = hi instanceof Tensor ? hi : null;
  const nlo = tlo === null ? lo : null;
  const nhi = thi === null ? hi : null;
  record({
    name: 'ClampBackward0',
    inputs: [x, tlo, thi],
    outputs: [out],
    save: [x, ...(tlo ? [tlo] : []), ...(thi ? [thi] : [])],
    backward: ([g], saved, needs) => {
      const [x0, ...rest] = saved;
      const l: Arg | null = tlo ? rest.shift()! : nlo;
      const h: Arg | null = thi ? rest.shift()! : nhi;
      const aboveLo = l === null ? null : compare.ge(x0!, l);
      const belowHi = h === null ? null : compare.le(x0!, h);
      const inside = aboveLo && belowHi ? compare.logicalAnd(aboveLo, belowHi) : (aboveLo ?? belowHi)!;
      const gx = needs[0] ? where(inside, g!, 0) : null;
      let gl: Tensor | null = null;
      let gh: Tensor | null = null;
      if (needs[1] && l !== null) {
        const below = compare.lt(x0!, l);
        gl = where(h === null ? below : compare.logicalAnd(below, compare.lt(l, h)), g!, 0);
      }
      if (needs[2] && h !== null) {
        const above = compare.gt(x0!, h);
        gh = where(l === null ? above : compare.logicalOr(above, compare.lt(h, l)), g!, 0);
      }
      return [gx, gl, gh];
    },
  });
  return out;
}
