import { describe, expect, it } from 'vitest';
import { UNARY_OPS, UNARY_RULES } from '../src/ops/unary-rules.js';
import { forwardCases } from '../src/testing/forward-cases.js';
import { gradientCases } from '../src/testing/gradient-cases.js';

/**
 * Every op in the rule tables is in the conformance suite that every backend
 * runs: a forward case (values worked out by hand) and, if differentiable, a
 * gradient case (finite differences, first and second order). A case covers
 * an op when its name starts with the op (`floor/ceil` covers both,
 * `round half to even` covers round). A missing case fails here, by name.
 */
const covers = (caseName: string, op: string): boolean => (caseName.split(' ')[0] ?? '').split('/').includes(op);

describe('the conformance suite covers every op in the tables', () => {
  it.each([...UNARY_OPS])('unary %s has a forward case', (op) => {
    expect(forwardCases.some((c) => covers(c.name, op)), `add a forward case named '${op}' to src/testing/forward-cases.ts`).toBe(true);
  });
  it.each(UNARY_OPS.filter((op) => UNARY_RULES[op].grad !== null))('unary %s has a gradient case', (op) => {
    expect(gradientCases.some((c) => covers(c.name, op)), `add a gradient case named '${op}' to src/testing/gradient-cases.ts`).toBe(true);
  });
});
