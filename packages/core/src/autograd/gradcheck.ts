/**
 * Gradient checks: the analytic Jacobian from autograd against central finite
 * differences, (f(x+ε) − f(x−ε)) / 2ε, element by element. Use float64
 * inputs: in float32 the rounding error of the difference swamps ε.
 */
import { Tensor } from '../tensor/tensor.js';
import { enableGrad } from './grad-mode.js';
import { grad } from './backward.js';
import { tensor as makeTensor } from '../tensor/create.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw on a mismatch (default) instead of returning false. */
  raiseException?: boolean;
}

type Fn = (...xs: Tensor[]) => Tensor | readonly Tensor[];

function outputsOf(fn: Fn, xs: Tensor[]): Tensor[] {
  const r = fn(...xs);
  return Array.isArray(r) ? [...(r as readonly Tensor[])] : [r as Tensor];
}

function flatValues(ts: Tensor[]): number[] {
  return ts.flatMap((t) => Array.from(t.detach().contiguous()._readHost(), Number));
}

/** Numerical Jacobian columns for one input: d(all outputs, flattened)/d(input element j). */
function numericalColumns(fn: Fn, xs: Tensor[], k: number, eps: number): number[][] {
  const x = xs[k]!;
  const base = Array.from(x.detach().contiguous()._readHost(), Number);
  const columns: number[][] = [];
  for (let j = 0; j < base.length; j++) {
    const at = (delta: number): number[] => {
      const values = base.slice();
      values[j] = values[j]! + delta;
      // Inputs keep requiresGrad: gradgradcheck's function differentiates inside.
      const moved = makeTensor(values, { dtype: x.dtype, device: x.device, shape: x.shape, requiresGrad: x.requiresGrad });
      const args = xs.map((a, i) => (i === k ? moved : a.detach().requiresGrad_(a.requiresGrad)));
      return enableGrad(() => flatValues(outputsOf(fn, args)));
    };
    const plus = at(eps);
    const minus = at(-eps);
    columns.push(plus.map((p, i) => (p - minus[i]!) / (2 * eps)));
  }
  return columns;
}

/** Analytic Jacobian rows: d(output element i)/d(every input element), via one backward per output element. */
function analyticalRows(fn: Fn, xs: Tensor[], differentiable: number[]): number[][][] {
  const outs = enableGrad(() => outputsOf(fn, xs));
  const rows: number[][][] = differentiable.map(() => []);
  for (const out of outs) {
    const n = out.numel();
    for (let i = 0; i < n; i++) {
      if (!out.requiresGrad) {
        differentiable.forEach((k, r) => rows[r]!.push(new Array<number>(xs[k]!.numel()).fill(0)));
        continue;
      }
      const seedValues = new Array<number>(n).fill(0);
      seedValues[i] = 1;
      const seed = makeTensor(seedValues, { dtype: out.dtype, device: out.device, shape: out.shape });
      const gs = grad(
        out,
        differentiable.map((k) => xs[k]!),
        { gradOutputs: seed, retainGraph: true, allowUnused: true },
      );
      gs.forEach((g, r) => {
        const k = differentiable[r]!;
        rows[r]!.push(g ? Array.from(g.contiguous()._readHost(), Number) : new Array<number>(xs[k]!.numel()).fill(0));
      });
    }
  }
  return rows;
}

/**
 * Checks the gradients of `fn` at `inputs` (those that require grad) against
 * finite differences. Returns true, or throws (returns false with
 * `raiseException: false`) naming the first mismatch.
 *
 * ```ts
 * const x = randn([3], { dtype: 'float64', requiresGrad: true });
 * autograd.gradcheck((x) => x.sin().mul(x), [x]); // true
 * ```
 */
export function gradcheck(fn: Fn, inputs: Tensor | readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options;
  const xs = Array.isArray(inputs) ? [...(inputs as readonly Tensor[])] : [inputs as Tensor];
  const differentiable = xs.map((x, k) => (x instanceof Tensor && x.requiresGrad ? k : -1)).filter((k) => k >= 0);
  if (differentiable.length === 0) {
    throw new Error('gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.');
  }
  const analytical = analyticalRows(fn, xs, differentiable);
  for (let r = 0; r < differentiable.length; r++) {
    const k = differentiable[r]!;
    const numerical = numericalColumns(fn, xs, k, eps);
    const rows = analytical[r]!;
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < numerical.length; j++) {
        const a = rows[i]![j]!;
        const n = numerical[j]![i]!;
        if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
          const message =
            `Jacobian mismatch for output ${i} with respect to input ${k} at element ${j},\n` +
            `numerical:${n}\nanalytical:${a}\n`;
          if (raiseException) throw new Error(message);
          return false;
        }
      }
    }
  }
  return true;
}

/**
 * Checks second derivatives: gradcheck of (inputs, v) ↦ vᵀ·∂fn/∂inputs with
 * random cotangents v, so the backward pass's own gradients are verified.
 */
export function gradgradcheck(
  fn: Fn,
  inputs: Tensor | readonly Tensor[],
  gradOutputs?: Tensor | readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  const xs = Array.isArray(inputs) ? [...(inputs as readonly Tensor[])] : [inputs as Tensor];
  const outs = enableGrad(() => outputsOf(fn, xs));
  const vs =
    gradOutputs === undefined
      ? outs.map((o) => makeTensor(Array.from({ length: o.numel() }, (_, i) => Math.sin(i + 1) + 0.5), { dtype: o.dtype, device: o.device, shape: o.shape, requiresGrad: true }))
      : Array.isArray(gradOutputs)
        ? [...(gradOutputs as readonly Tensor[])]
        : [gradOutputs as Tensor];
  const differentiable = xs.filter((x) => x.requiresGrad).length;
  const firstOrder = (...args: Tensor[]): Tensor[] => {
    const ins = args.slice(0, xs.length);
    const cot = args.slice(xs.length);
    const o = outputsOf(fn, ins);
    const diffIns = ins.filter((_, i) => xs[i]!.requiresGrad);
    return grad(o, diffIns, { gradOutputs: cot, createGraph: true, allowUnused: true }).map((g, i) => g ?? diffIns[i]!.mul(0));
  };
  void differentiable;
  return gradcheck(firstOrder, [...xs, ...vs], options);
}
