/**
 * Every op × dtype × shape case of fixtures/ops.json (written by real
 * PyTorch): values, node names, the graph, printed forms, first and second
 * derivatives. A difference fails unless known-disagreements.ts lists it
 * with its reason; a listed difference that no longer shows fails too.
 */
import { describe, expect, test } from 'vitest';
import { readFixture, type OpFixture } from './fixtures.js';
import { ASPECTS, checkOp, type AspectResults } from './check-op.js';
import { KNOWN_DISAGREEMENTS, knownFor } from './known-disagreements.js';
import { OP_CATALOG } from './op-catalog.js';

const { cases } = readFixture<{ cases: OpFixture[] }>('ops.json');
const results = new Map<OpFixture, AspectResults>();
const resultOf = (fx: OpFixture): AspectResults => {
  let r = results.get(fx);
  if (!r) results.set(fx, (r = checkOp(fx)));
  return r;
};
const shapes = (fx: OpFixture): string => fx.inputs.map((i) => `[${i.shape}]`).join(' ');

describe('ops against PyTorch 1.13', () => {
  test.each(cases.map((fx) => [`${fx.op} ${fx.dtype} #${fx.case} ${shapes(fx)}`, fx] as const))('%s', (_name, fx) => {
    const r = resultOf(fx);
    const unexplained = ASPECTS.filter((a) => r[a] !== null && !knownFor(fx.op, a, fx.dtype)).map((a) => `${a}: ${r[a]}`);
    expect(unexplained, unexplained.join('\n')).toEqual([]);
  });
});

describe('the oracle itself', () => {
  test('every op of the fixtures is in the catalog, and every catalog entry has fixtures', () => {
    const ids = new Set(cases.map((c) => c.op));
    expect([...ids].filter((id) => !(id in OP_CATALOG))).toEqual([]);
    expect(Object.keys(OP_CATALOG).filter((id) => !ids.has(id))).toEqual([]);
  });

  test('fixtures cover both float dtypes, broadcasting, first and second derivatives', () => {
    expect(new Set(cases.map((c) => c.dtype))).toEqual(new Set(['float32', 'float64']));
    expect(cases.some((c) => c.op === 'add' && c.inputs[0]!.shape.join() === '4,1,3' && c.inputs[1]!.shape.join() === '2,1')).toBe(true);
    expect(cases.filter((c) => c.grads && c.second).length).toBeGreaterThan(400);
  });

  test('known disagreements still disagree (remove an entry once it is fixed)', () => {
    const fixed = KNOWN_DISAGREEMENTS.flatMap((k) =>
      k.aspects
        .filter((a) => !cases.some((fx) => fx.op === k.op && (k.dtype === undefined || k.dtype === fx.dtype) && resultOf(fx)[a] !== null))
        .map((a) => `${k.op} ${a}${k.dtype ? ` (${k.dtype})` : ''}: ${k.reason}`),
    );
    expect(fixed, `these now agree with PyTorch:\n${fixed.join('\n')}`).toEqual([]);
  });
});
