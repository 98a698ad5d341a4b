/**
 * API fuzzing for any backend: random calls of every public op — as a Tensor
 * method and as a function of `@grad/core` — with random, often invalid,
 * arguments (see fuzz-arbitraries.ts). Each call must return a well-formed
 * result or throw an error that names the problem: never one of
 * JavaScript's own errors from deep inside ("is not a function", "Cannot read
 * properties of undefined", "Invalid array length"), never a hang, never a
 * tensor of an impossible shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { useBackendInSuite } from './suite-backend.js';
import * as core from '../index.js';
import { Tensor } from '../tensor/tensor.js';
import { argArb, describeArgs, realize } from './fuzz-arbitraries.js';

/** Messages of JavaScript's own errors: a call that ends in one of these was not checked. */
export const INTERNAL_ERRORS: readonly RegExp[] = [
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

/** Exported functions left out: they change global state (the registry, the seed, modes) or only set things up. */
const SKIP_FUNCTIONS = new Set(['registerBackend', 'setBackend', 'useBackend', 'manualSeed', 'setGradEnabled', 'setDetectAnomaly', 'checkOptions']);

/** What went wrong with one call, or null when it behaved. */
export function fuzzVerdict(run: () => unknown): string | null {
  let result: unknown;
  try {
    result = run();
  } catch (e) {
    if (!(e instanceof Error)) return `threw a non-Error: ${String(e)}`;
    return INTERNAL_ERRORS.some((re) => re.test(e.message)) ? `internal error: ${e.name}: ${e.message}` : null;
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
        if (INTERNAL_ERRORS.some((re) => re.test((e as Error).message))) return `returned a tensor that cannot be read: ${(e as Error).message}`;
      }
    }
  }
  return null;
}

/** The arguments with their tensors made, or null when the backend refuses one clearly (a dtype it does not hold). */
function tryRealize(raw: unknown[]): unknown[] | null {
  try {
    return realize(raw);
  } catch (e) {
    if (e instanceof Error && !INTERNAL_ERRORS.some((re) => re.test(e.message))) return null;
    throw e;
  }
}

export interface ApiFuzzOptions {
  /** Makes the backend under test. */
  backend: () => Backend;
  /** A label for the describe block (default: the backend's name). */
  label?: string;
  /** Random calls per form, methods and functions (default 1000). */
  cases?: number;
  /** fast-check seed (default 20261129). */
  seed?: number;
}

/**
 * Declares the API fuzz suite (vitest) for one backend.
 *
 * ```ts
 * import { runApiFuzz } from '@grad/core/testing';
 * runApiFuzz({ backend: () => cpu(), cases: 3000 });
 * ```
 */
export function runApiFuzz(options: ApiFuzzOptions): void {
  const backend = options.backend();
  const label = options.label ?? backend.name;
  const cases = options.cases ?? 1000;
  const seed = options.seed ?? 20261129;
  // A long run takes minutes on a busy machine; a hung call is still caught.
  const timeout = Math.max(30_000, cases * 4);
  const methods = Object.getOwnPropertyNames(Tensor.prototype)
    .filter((n) => !n.startsWith('_') && n !== 'constructor')
    .filter((n) => typeof Object.getOwnPropertyDescriptor(Tensor.prototype, n)?.value === 'function')
    .sort();
  const functions = Object.entries(core)
    .filter(([name, v]) => typeof v === 'function' && !SKIP_FUNCTIONS.has(name) && !/^[A-Z]/.test(name))
    .map(([name]) => name)
    .sort();
  const args = fc.tuple(argArb, fc.array(argArb, { maxLength: 3 })).map(([a, rest]) => [a, ...rest]);

  describe(`API fuzzing: ${label} (${cases} random calls per form)`, () => {
    useBackendInSuite(backend);

    it(
      'methods: every call returns a well-formed result or throws a clear error',
      () => {
        fc.assert(
          fc.property(fc.constantFrom(...methods), args, (name, raw) => {
            const made = tryRealize(raw);
            if (made === null) return;
            const [t, ...rest] = made;
            if (!(t instanceof Tensor)) return;
            const problem = fuzzVerdict(() => (t as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...rest));
            expect(problem, `x.${name}(${describeArgs(rest)}) on ${describeArgs([t])}`).toBeNull();
          }),
          { numRuns: cases, seed },
        );
      },
      timeout,
    );

    it(
      'functions: every call returns a well-formed result or throws a clear error',
      () => {
        fc.assert(
          fc.property(fc.constantFrom(...functions), args, (name, raw) => {
            const a = tryRealize(raw);
            if (a === null) return;
            const problem = fuzzVerdict(() => (core as unknown as Record<string, (...x: unknown[]) => unknown>)[name]!(...a));
            expect(problem, `${name}(${describeArgs(a)})`).toBeNull();
          }),
          { numRuns: cases, seed: seed + 1 },
        );
      },
      timeout,
    );
  });
}
