// The page script of the browser conformance test, bundled by esbuild: the
// conformance suite of @grad/core/testing on gpu.js in the browser's own mode
// (webgl2 under headless Chromium), without vitest. The case tables are plain
// modules, imported by source path (the suite's index imports vitest); the
// checks and tolerances are runConformance's for a float32 backend.
import fc from 'fast-check';
import { autograd, numelOf, registerBackend, setBackend, tensor, type Tensor } from '@grad/core';
import { forwardCases } from '../../../core/src/testing/forward-cases.js';
import { gradientCases, mapDomain, type GradientCase } from '../../../core/src/testing/gradient-cases.js';
import { semanticsCases } from '../../../core/src/testing/semantics.js';
import { assertAllClose } from '../../../core/src/testing/assert-close.js';
import { manualSeed, uniformFloat64 } from '../../../core/src/tensor/random.js';
import { gpujs, type GpujsMode } from '../../src/index.js';

export type CaseKind = 'forward' | 'gradient' | 'semantics';

export interface CaseResult {
  kind: CaseKind;
  name: string;
  passed: boolean;
  error?: string;
  ms: number;
}

export interface ConformanceRequest {
  mode: GpujsMode;
  /** fast-check seed for the gradient cases' shapes and input values. */
  seed: number;
  /** Shapes drawn per gradient case. */
  numRuns: number;
  kinds: CaseKind[];
}

export interface ConformanceReport {
  mode: string;
  fallbacks: number;
  results: CaseResult[];
}

// float32 central differences carry ~1e-4 relative error (runConformance's float32 tolerance).
const TOLERANCE = { eps: 1e-2, atol: 3e-2, rtol: 3e-2 };

/** Inputs for one gradient case: values uniform in each input's domain, from a seeded generator (as runConformance draws them). */
function makeInputs(c: GradientCase, shapes: number[][], seed: number): Tensor[] {
  manualSeed(seed);
  return shapes.map((shape, i) => {
    const domain = c.domains[i] ?? c.domains[0]!;
    const values = Array.from({ length: numelOf(shape) }, () => mapDomain(uniformFloat64(), domain));
    return tensor(values, { dtype: 'float32', shape, requiresGrad: c.differentiable?.[i] ?? true });
  });
}

function check(kind: CaseKind, name: string, fn: () => void): CaseResult {
  const started = performance.now();
  try {
    fn();
    return { kind, name, passed: true, ms: performance.now() - started };
  } catch (e) {
    const error = String((e as Error)?.message ?? e).slice(0, 500);
    return { kind, name, passed: false, error, ms: performance.now() - started };
  }
}

(globalThis as { runGradConformance?: (r: ConformanceRequest) => ConformanceReport }).runGradConformance = (request) => {
  const backend = gpujs({ mode: request.mode });
  registerBackend(backend);
  setBackend(backend.name);
  const results: CaseResult[] = [];
  if (request.kinds.includes('forward')) {
    for (const c of forwardCases) {
      results.push(
        check('forward', c.name, () => {
          const out = c.run();
          const value = typeof out === 'object' && out !== null && !Array.isArray(out) ? (out as Tensor).tolist() : out;
          assertAllClose(value as never, c.expected, { rtol: Math.max(c.rtol ?? 1e-6, 1e-6), atol: 1e-6, what: c.name });
        }),
      );
    }
  }
  if (request.kinds.includes('gradient')) {
    for (const c of gradientCases) {
      results.push(
        check('gradient', c.name, () => {
          const draws = fc.sample(fc.tuple(c.shapes, fc.integer({ min: 0, max: 2 ** 30 })), { seed: request.seed, numRuns: request.numRuns });
          for (const [shapes, s] of draws) {
            try {
              autograd.gradcheck(c.fn, makeInputs(c, shapes, s), TOLERANCE);
            } catch (e) {
              throw new Error(`shapes ${JSON.stringify(shapes)}, input seed ${s}: ${(e as Error)?.message ?? e}`);
            }
          }
        }),
      );
    }
  }
  if (request.kinds.includes('semantics')) {
    for (const c of semanticsCases) results.push(check('semantics', c.name, c.run));
  }
  return { mode: backend.mode, fallbacks: backend.stats().fallbacks, results };
};
