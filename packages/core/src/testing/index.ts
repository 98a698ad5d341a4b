/**
 * @grad/core/testing — the conformance suite every backend runs, in a few lines:
 *
 * ```ts
 * import { runConformance } from '@grad/core/testing';
 * import { cpu } from '@grad/backend-cpu';
 * runConformance({ backend: cpu });
 * ```
 *
 * It checks every kernel's forward pass on hand-computed values, every
 * differentiable op's first (and second) derivatives against central finite
 * differences on random shapes with broadcasting (fast-check), and the
 * autograd semantics the engine relies on. Needs `vitest` and `fast-check`.
 *
 * @packageDocumentation
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { Backend } from '../backend/backend.js';
import type { DType } from '../dtype.js';
import { manualSeed, uniformFloat64 } from '../tensor/random.js';
import { tensor } from '../tensor/create.js';
import { numelOf } from '../shape.js';
import { gradcheck, gradgradcheck } from '../autograd/gradcheck.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertAllClose } from './assert-close.js';
import { forwardCases } from './forward-cases.js';
import { gradientCases, mapDomain, type GradientCase } from './gradient-cases.js';
import { semanticsCases } from './semantics.js';
import { useBackendInSuite } from './suite-backend.js';

export { assertAllClose, type Nested } from './assert-close.js';
export { forwardCases, type ForwardCase } from './forward-cases.js';
export { gradientCases, mapDomain, shapeArb, broadcastPairArb, type GradientCase, type Domain } from './gradient-cases.js';
export { semanticsCases, type SemanticsCase } from './semantics.js';
export { runApiFuzz, fuzzVerdict, INTERNAL_ERRORS, type ApiFuzzOptions } from './fuzz.js';

/** One result, for support matrices. */
export interface ConformanceResult {
  backend: string;
  kind: 'forward' | 'gradient' | 'second-gradient' | 'semantics';
  name: string;
  passed: boolean;
  error?: string;
}

export interface ConformanceOptions {
  /** Makes the backend under test. */
  backend: () => Backend;
  /** A label for the describe block (default: the backend's name). */
  label?: string;
  /** fast-check runs per gradient property (default 4). */
  numRuns?: number;
  /** fast-check seed, for reproducible shapes (default 42, or GRAD_FC_SEED). */
  seed?: number;
  /** Check second derivatives too (default: when the backend holds float64). */
  secondOrder?: boolean;
  /** Only the cases whose name includes one of these strings. */
  only?: string[];
  /** Called with each result (for a support matrix). */
  onResult?: (result: ConformanceResult) => void;
}

/**
 * With GRAD_CONFORMANCE_OUT=path set (Node only), every result is also
 * appended to that file as one JSON line: the support matrix is generated
 * from these lines, never written by hand.
 */
function resultFileWriter(): ((r: ConformanceResult) => void) | null {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown } }).process;
  const path = proc?.env?.GRAD_CONFORMANCE_OUT;
  const fs = path ? (proc?.getBuiltinModule?.('node:fs') as { appendFileSync(p: string, s: string): void } | undefined) : undefined;
  if (!path || !fs) return null;
  return (r) => fs.appendFileSync(path, JSON.stringify(r) + '\n');
}

function envSeed(): number | undefined {
  const v = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.GRAD_FC_SEED;
  return v ? Number(v) : undefined;
}

/** Inputs for one gradient case: values uniform in each input's domain, from a seeded generator. */
function makeInputs(c: GradientCase, shapes: number[][], seed: number, dtype: DType): Tensor[] {
  manualSeed(seed);
  return shapes.map((shape, i) => {
    const domain = c.domains[i] ?? c.domains[0]!;
    const values = Array.from({ length: numelOf(shape) }, () => mapDomain(uniformFloat64(), domain));
    return tensor(values, { dtype, shape, requiresGrad: c.differentiable?.[i] ?? true });
  });
}

/**
 * Declares the whole conformance suite (vitest `describe` blocks) for one backend.
 */
export function runConformance(options: ConformanceOptions): void {
  const backend = options.backend();
  const label = options.label ?? backend.name;
  const float64 = backend.dtypes.includes('float64');
  const dtype: DType = float64 ? 'float64' : 'float32';
  const secondOrder = options.secondOrder ?? float64;
  const numRuns = options.numRuns ?? 4;
  const seed = options.seed ?? envSeed() ?? 42;
  // float32 central differences carry ~1e-4 relative error; float64 ones ~1e-9.
  const tolerance = float64 ? { eps: 1e-6, atol: 1e-5, rtol: 1e-3 } : { eps: 1e-2, atol: 3e-2, rtol: 3e-2 };
  const wanted = (name: string): boolean => !options.only || options.only.some((s) => name.includes(s));
  const toFile = resultFileWriter();
  const emit = (r: ConformanceResult): void => {
    options.onResult?.(r);
    toFile?.(r);
  };
  const report = (kind: ConformanceResult['kind'], name: string, fn: () => void): void => {
    try {
      fn();
      emit({ backend: label, kind, name, passed: true });
    } catch (e) {
      emit({ backend: label, kind, name, passed: false, error: String((e as Error).message ?? e).slice(0, 500) });
      throw e;
    }
  };

  describe(`conformance: ${label}`, () => {
    useBackendInSuite(backend);

    describe('forward values', () => {
      for (const c of forwardCases.filter((fc0) => wanted(fc0.name))) {
        it(c.name, () =>
          report('forward', c.name, () => {
            const out = c.run();
            const value = typeof out === 'object' && out !== null && !Array.isArray(out) ? (out as Tensor).tolist() : out;
            assertAllClose(value as never, c.expected, { rtol: Math.max(c.rtol ?? 1e-6, float64 ? 0 : 1e-6), atol: 1e-6, what: c.name });
          }),
        );
      }
    });

    describe('first derivatives against finite differences', () => {
      for (const c of gradientCases.filter((g) => wanted(g.name))) {
        it(c.name, () =>
          report('gradient', c.name, () => {
            fc.assert(
              fc.property(c.shapes, fc.integer({ min: 0, max: 2 ** 30 }), (shapes, s) => {
                gradcheck(c.fn, makeInputs(c, shapes, s, dtype), tolerance);
              }),
              { numRuns, seed },
            );
          }),
        );
      }
    });

    if (secondOrder) {
      describe('second derivatives against finite differences', () => {
        for (const c of gradientCases.filter((g) => g.secondOrder !== false && wanted(g.name))) {
          it(c.name, () =>
            report('second-gradient', c.name, () => {
              fc.assert(
                fc.property(c.shapes, fc.integer({ min: 0, max: 2 ** 30 }), (shapes, s) => {
                  gradgradcheck(c.fn, makeInputs(c, shapes, s, dtype), undefined, tolerance);
                }),
                { numRuns: Math.max(1, Math.ceil(numRuns / 2)), seed },
              );
            }),
          );
        }
      });
    }

    describe('autograd semantics', () => {
      for (const c of semanticsCases.filter((s) => wanted(s.name))) {
        it(c.name, () => report('semantics', c.name, c.run));
      }
    });
  });
}
