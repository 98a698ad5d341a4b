import { describe, expect, it } from 'vitest';
import type { Kernels, ReduceOp } from '../src/backend/backend.js';
import { KERNEL_RULES } from '../src/ops/kernel-rule-table.js';
import { UNARY_OPS, UNARY_RULES } from '../src/ops/unary-rules.js';
import { Tensor } from '../src/tensor/tensor.js';
import { forwardCases } from '../src/testing/forward-cases.js';
import { gradientCases } from '../src/testing/gradient-cases.js';

/**
 * Every op in the rule tables is in the conformance suite that every backend
 * runs: a forward case (values worked out by hand) and, if differentiable, a
 * gradient case (finite differences, first and second order). A case covers
 * an op when its name starts with the op (`floor/ceil` covers both,
 * `round half to even` covers round, `max()` and `sum(dim)` cover max and
 * sum). A missing case fails here, by name.
 */
const covers = (caseName: string, op: string): boolean =>
  (caseName.split(' ')[0] ?? '')
    .split('/')
    .map((name) => name.replace(/\(.*$/, ''))
    .includes(op);

/** The public op whose cases exercise each reduction kernel's rule. */
const REDUCE_CASES: { readonly [P in ReduceOp]: string } = { sum: 'sum', prod: 'prod', max: 'max', min: 'min' };

/**
 * The public op whose cases exercise each single-kernel rule, or why a
 * kernel has no case here. Typed by the Kernels interface, so a new kernel
 * must say where it is tested.
 */
const KERNEL_CASES: { readonly [K in keyof Kernels]: { forward: string; gradient: string | null } | 'by its table' | 'not differentiable' | 'in-place' } = {
  unary: 'by its table',
  binary: 'by its table',
  reduce: 'by its table',
  compare: 'not differentiable',
  argReduce: 'not differentiable',
  argsort: 'not differentiable',
  assign: 'in-place',
  where: { forward: 'where', gradient: 'where' },
  matmul: { forward: 'matmul', gradient: 'matmul' },
  contiguous: { forward: 'clone', gradient: 'clone' },
  gather: { forward: 'gather', gradient: 'gather' },
  scatterAdd: { forward: 'scatterAdd', gradient: 'scatterAdd' },
  // Finite differences cannot check a cast: rounding to float32 swamps the step. Its gradient is checked by
  // value in tooling/core-tests/test/autograd.test.ts ('a cast passes the gradient back …').
  cast: { forward: 'cast', gradient: null },
};

describe('the conformance suite covers every op in the tables', () => {
  it.each([...UNARY_OPS])('unary %s has a forward case', (op) => {
    expect(forwardCases.some((c) => covers(c.name, op)), `add a forward case named '${op}' to src/testing/forward-cases.ts`).toBe(true);
  });
  it.each(UNARY_OPS.filter((op) => UNARY_RULES[op].grad !== null))('unary %s has a gradient case', (op) => {
    expect(gradientCases.some((c) => covers(c.name, op)), `add a gradient case named '${op}' to src/testing/gradient-cases.ts`).toBe(true);
  });
  it.each(Object.keys(REDUCE_CASES) as ReduceOp[])('reduction %s has a forward case and a gradient case', (op) => {
    const name = REDUCE_CASES[op];
    expect(forwardCases.some((c) => covers(c.name, name)), `add a forward case named '${name}' to src/testing/forward-cases.ts`).toBe(true);
    expect(gradientCases.some((c) => covers(c.name, name)), `add a gradient case named '${name}' to src/testing/gradient-cases.ts`).toBe(true);
  });
  it.each(Object.keys(KERNEL_RULES) as Array<keyof Kernels>)('kernel %s: its rule is exercised by the suite', (kernel) => {
    const cases = KERNEL_CASES[kernel];
    const rule = KERNEL_RULES[kernel];
    if (cases === 'not differentiable') expect('notDifferentiable' in rule, `${kernel} has a rule with a gradient: name its cases`).toBe(true);
    if (typeof cases !== 'object') return;
    expect(forwardCases.some((c) => covers(c.name, cases.forward)), `add a forward case named '${cases.forward}'`).toBe(true);
    if (cases.gradient !== null) expect(gradientCases.some((c) => covers(c.name, cases.gradient!)), `add a gradient case named '${cases.gradient}'`).toBe(true);
  });
});

/**
 * Every Tensor op method is differentiated by a gradient case (gradcheck
 * against finite differences, first and second order), or is listed here
 * with the reason it has none. Recording is what gradcheck exercises: an op
 * that forgot to record its node would return a tensor that does not
 * require grad, and its case would fail.
 */
describe('every differentiable Tensor method has a gradient case', () => {
  const notAnOp = 'not an op: metadata, conversion to JavaScript values, or autograd control';
  const boolOrIndex = 'its output is bool or int32 indices: nothing to differentiate';
  const created = 'makes a new tensor from numbers, with no history';
  /** Methods whose outputs carry no gradient, that are not ops, or that only call another method (named). */
  const noGradient: Record<string, string> = {
    ...Object.fromEntries(
      ['backward', 'dim', 'numel', 'size', 'stride', 'storageOffset', 'isContiguous', 'item', 'tolist', 'numpy', 'dispose', 'toString'].map((m) => [m, notAnOp]),
    ),
    ...Object.fromEntries(['registerHook', 'registerPostAccumulateGradHook', 'retainGrad', 'requiresGrad_', 'detach', 'detach_'].map((m) => [m, notAnOp])),
    ...Object.fromEntries(
      ['all', 'any', 'allclose', 'equal', 'argmax', 'argmin', 'argsort', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'isnan', 'logicalNot', 'nonzero', 'bool', 'int'].map((m) => [
        m,
        boolOrIndex,
      ]),
    ),
    ...Object.fromEntries(['newFull', 'newOnes', 'newZeros'].map((m) => [m, created])),
    float: 'a cast: see KERNEL_CASES.cast above',
    double: 'a cast: see KERNEL_CASES.cast above',
    to: 'a cast or device copy: see KERNEL_CASES.cast above',
    contiguous: "clone's kernel and rule (the 'clone' case), or the tensor itself",
    expandAs: "calls expand (the 'expand' case)",
    broadcastTo: "calls expand (the 'expand' case)",
    flatten: "calls reshape (the 'reshape' case)",
    unflatten: "calls reshape (the 'reshape' case)",
    reshapeAs: "calls reshape (the 'reshape' case)",
    viewAs: "calls view (the 'view' case)",
    swapaxes: "calls transpose (the 'transpose' case)",
  };
  const methods = Object.getOwnPropertyNames(Tensor.prototype).filter((name) => {
    const d = Object.getOwnPropertyDescriptor(Tensor.prototype, name);
    // In-place variants record their out-of-place op's rule (or CopySlices); the 'in-place' cases and the semantics suite check them.
    return typeof d?.value === 'function' && !name.startsWith('_') && name !== 'constructor' && !name.endsWith('_');
  });
  it.each(methods.filter((m) => !(m in noGradient)))('x.%s', (name) => {
    expect(gradientCases.some((c) => covers(c.name, name)), `add a gradient case named '${name}' to src/testing/gradient-cases.ts, or list it in noGradient with the reason`).toBe(true);
  });
});
