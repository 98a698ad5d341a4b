/**
 * Seeded random chains of ops (fixtures/chains.json, made by real PyTorch):
 * the value, the printed result, the names of every node of the graph and
 * the gradient of every leaf. A chain may disagree only where it uses an op
 * that known-disagreements.ts lists for that aspect.
 */
import { describe, expect, test } from 'vitest';
import { autograd, tensor } from '@grad/core';
import { compareValues, comparePrinted, decode, graphNames, readFixture, TOLERANCE, valuesOf, type ChainFixture, type GraphNames } from './fixtures.js';
import { runChain } from './chain-steps.js';
import { KNOWN_DISAGREEMENTS } from './known-disagreements.js';
import type { Aspect } from './check-op.js';

const { chains } = readFixture<{ chains: ChainFixture[] }>('chains.json');

/** Which op of a chain step, by the catalog's id, may explain a difference (a step is named after its op). */
const STEP_OPS: Record<string, string[]> = {
  gelu: ['gelu'], silu: ['silu'], softplus: ['softplus'], leakyRelu: ['leakyRelu'], clamp: ['clamp_both'], relu: ['relu'],
  norm: ['norm'], maximum_leaf: ['maximum'], minimum_leaf: ['minimum'], matmul_leaf: ['matmul'], max: ['max'],
  reshape_back: ['reshape'], cat_split: ['split_cat'], stack_unbind: ['unbind_stack'], mse: ['mseLoss'], flip: ['flip_noncontig'], prod_dim: ['prod_dim0'],
};

function explains(chain: ChainFixture, aspect: Aspect): string[] {
  const ops = [...chain.steps, chain.end].flatMap((s) => STEP_OPS[s] ?? []);
  return KNOWN_DISAGREEMENTS.filter((k) => ops.includes(k.op) && k.aspects.includes(aspect)).map((k) => `${k.op}: ${k.reason}`);
}

/** Node names in the order of a graph walk, for a readable difference. */
function names(g: GraphNames | null): string {
  return JSON.stringify(g);
}

describe('random op chains against PyTorch 1.13', () => {
  test.each(chains.map((c) => [`chain ${c.id} (${c.dtype}): ${c.steps.join(' → ')} → ${c.end}`, c] as const))('%s', (_name, chain) => {
    const tol = TOLERANCE[chain.dtype];
    // A chain compounds rounding over up to ~20 ops, and may end in a cancellation (a sum of
    // mean-subtracted values is ~0): an absolute tolerance, not one scaled to the result.
    const loose = { rtol: tol.rtol * 10, atol: tol.atol * 10, absolute: true };
    const leaves = chain.leaves.map((l) => tensor(decode(l.values), { dtype: chain.dtype, shape: l.shape, requiresGrad: true }));
    const out = runChain(chain.steps, chain.end, leaves);
    const grads = autograd.grad(out, leaves, { allowUnused: true });
    const results: Partial<Record<Aspect, string | null>> = {
      value: compareValues(valuesOf(out), decode([chain.value]), loose),
      printed: comparePrinted(out, chain.printed, [chain.value], []),
      graph: names(graphNames(out)) === names(chain.graph) ? null : `graph\n  got      ${names(graphNames(out))}\n  expected ${names(chain.graph)}`,
      grad:
        chain.grads
          .map((g, k) => {
            const got = grads[k] ?? null;
            if (g === null || got === null) return (g === null) === (got === null) ? null : `leaf ${k}: null vs gradient`;
            const d = compareValues(valuesOf(got), decode(g), loose);
            return d && `leaf ${k}: ${d}`;
          })
          .find((d) => d !== null) ?? null,
    };
    const unexplained = Object.entries(results)
      .filter(([aspect, d]) => d !== null && explains(chain, aspect as Aspect).length === 0)
      .map(([aspect, d]) => `${aspect}: ${d}`);
    expect(unexplained, unexplained.join('\n')).toEqual([]);
  });
});
