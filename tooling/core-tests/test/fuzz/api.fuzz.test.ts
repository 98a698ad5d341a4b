import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../setup-backend.js';
import * as core from '@grad/core';
import { Tensor } from '@grad/core';
import { argArb, describeArgs, realize } from './arbitraries.js';

/**
 * API fuzzing: random calls of every public op — as a method and as a
 * function — with random, often invalid, arguments. Each call must return a
 * well-formed result or throw an error that names the problem: never one of
 * JavaScript's internal errors (a TypeError or RangeError from deep inside),
 * never a hang, never a tensor of an impossible shape.
 */

/** Messages of JavaScript's own errors: a call that ends in one of these was not checked. */
const INTERNAL = [
  /is not a function/,
  /Cannot read propert/,
  /Cannot set propert/,
  /Invalid array length/,
  /Invalid typed array length/,
  /Array buffer allocation failed/,
  /Maximum call stack size exceeded/,
  /is not iterable/,
  /Cannot convert undefined or null/,
  /Cannot create property/,
  /is not a constructor/,
  /Reduce of empty array/,
  /Cannot mix BigInt/,
  /out of memory/i,
];

const CASES = Number(process.env['GRAD_FUZZ_CASES'] ?? 3000);
/** A long run (`pnpm bench` here: 50,000 per form) takes minutes on a busy machine; a hung call would still be caught. */
const TIMEOUT = Math.max(30_000, CASES * 4);

/** Tensor methods that are ops (not getters, not internals). */
const METHODS = Object.getOwnPropertyNames(Tensor.prototype)
  .filter((n) => !n.startsWith('_') && n !== 'constructor')
  .filter((n) => typeof Object.getOwnPropertyDescriptor(Tensor.prototype, n)?.value === 'function')
  .sort();

/** Exported functions that compute (registry and async set-up left out: they change global state or return promises). */
const SKIP_FUNCTIONS = new Set(['registerBackend', 'setBackend', 'useBackend', 'manualSeed', 'setGradEnabled', 'setDetectAnomaly', 'Tensor', 'Node', 'AccumulateGrad', 'Function', 'FunctionCtx']);
const FUNCTIONS = Object.entries(core)
  .filter(([name, v]) => typeof v === 'function' && !SKIP_FUNCTIONS.has(name) && !/^[A-Z]/.test(name))
  .map(([name]) => name)
  .sort();

/** What went wrong with one call, or null when it behaved. */
function verdict(run: () => unknown): string | null {
  let result: unknown;
  try {
    result = run();
  } catch (e) {
    if (!(e instanceof Error)) return `threw a non-Error: ${String(e)}`;
    const internal = INTERNAL.find((re) => re.test(e.message));
    return internal ? `internal error: ${e.name}: ${e.message}` : null;
  }
  if (result instanceof Promise) {
    result.catch(() => {});
    return null;
  }
  const tensors = result instanceof Tensor ? [result] : Array.isArray(result) ? result.filter((r) => r instanceof Tensor) : [];
  for (const t of tensors as Tensor[]) {
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) return `returned a tensor of shape [${t.shape.join(', ')}]`;
    if (t.numel() <= 4096) {
      try {
        t.tolist();
      } catch (e) {
        // Reading may refuse clearly (nested lists too many to build); it must not fail inside.
        const internal = INTERNAL.find((re) => re.test((e as Error).message));
        if (internal) return `returned a tensor that cannot be read: ${(e as Error).message}`;
      }
    }
  }
  return null;
}

describe(`API fuzzing (${CASES} random calls per form)`, () => {
  it('methods: every call returns a well-formed result or throws a clear error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...METHODS), fc.func(fc.constant(0)), fc.array(fc.constant(0), { maxLength: 0 }), argArbList(), (name, _f, _n, [self, ...rawArgs]) => {
        const [t, ...args] = realize([self, ...rawArgs]);
        if (!(t instanceof Tensor)) return;
        const problem = verdict(() => (t as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args));
        expect(problem, `x.${name}(${describeArgs(args)}) on ${describeArgs([t])}`).toBeNull();
      }),
      { numRuns: CASES, seed: 20261144 },
    );
  }, TIMEOUT);

  it('functions: every call returns a well-formed result or throws a clear error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FUNCTIONS), argArbList(), (name, rawArgs) => {
        const args = realize(rawArgs);
        const problem = verdict(() => (core as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args));
        expect(problem, `${name}(${describeArgs(args)})`).toBeNull();
      }),
      { numRuns: CASES, seed: 20261154 },
    );
  }, TIMEOUT);
});

/** A first argument that is usually a tensor, then 0–3 more. */
function argArbList(): fc.Arbitrary<unknown[]> {
  return fc.tuple(argArb, fc.array(argArb, { maxLength: 3 })).map(([a, rest]) => [a, ...rest]);
}
