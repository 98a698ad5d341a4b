/**
 * torch.autograd.functional: Jacobians, Hessians and vector products of a
 * function, built from autograd.grad.
 */
import type { Tensor } from '../tensor/tensor.js';
import { stack } from '../ops/movement.js';
import { grad } from './backward.js';
import { enableGrad } from './grad-mode.js';
import { runAssign } from '../dispatch/kernels.js';

type Inputs = Tensor | readonly Tensor[];
type Fn = (...xs: Tensor[]) => Tensor | readonly Tensor[];

function asList(x: Inputs): Tensor[] {
  return Array.isArray(x) ? [...(x as readonly Tensor[])] : [x as Tensor];
}

/** Fresh leaves (or, with createGraph, views keeping the history) that require grad. */
function prepare(inputs: Tensor[], createGraph: boolean): Tensor[] {
  return inputs.map((x) => (createGraph && x.requiresGrad ? x.viewAs(x) : x.detach().requiresGrad_(true)));
}

export interface FunctionalOptions {
  /** Make the result differentiable (for higher derivatives). */
  createGraph?: boolean;
  /** Throw if an output does not depend on an input (instead of giving zeros). */
  strict?: boolean;
}

/**
 * The Jacobian of `fn` at `inputs`: for one input and one output, a tensor
 * of shape [...output.shape, ...input.shape]; otherwise nested arrays
 * `[output][input]`.
 *
 * ```ts
 * autograd.functional.jacobian((x) => x.pow(2), tensor([1, 2])); // [[2, 0], [0, 4]]
 * ```
 */
export function jacobian(fn: Fn, inputs: Inputs, options: FunctionalOptions = {}): Tensor | Tensor[] | Tensor[][] {
  const createGraph = options.createGraph ?? false;
  const xs = prepare(asList(inputs), createGraph);
  const raw = enableGrad(() => fn(...xs));
  const outs = Array.isArray(raw) ? [...(raw as readonly Tensor[])] : [raw as Tensor];
  const table = outs.map((out) => {
    const flat = out.reshape([-1]);
    const rows: Tensor[][] = xs.map(() => []);
    for (let i = 0; i < flat.numel(); i++) {
      const seed = flat.newZeros(flat.shape);
      runAssign(seed._backend, { storage: seed._ref.storage, shape: [], strides: [], offset: i }, 1, seed.dtype);
      const gs = out.requiresGrad
        ? enableGrad(() => grad(flat, xs, { gradOutputs: seed, retainGraph: true, createGraph, allowUnused: true }))
        : xs.map(() => null);
      gs.forEach((g, k) => {
        if (g === null && options.strict) {
          throw new Error(`Output 0 of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`);
        }
        rows[k]!.push(g ?? xs[k]!.newZeros(xs[k]!.shape));
      });
    }
    return rows.map((r, k) => (r.length ? stack(r, 0) : xs[k]!.newZeros([0, ...xs[k]!.shape])).reshape([...out.shape, ...xs[k]!.shape]));
  });
  const single = !Array.isArray(inputs);
  const singleOut = !Array.isArray(raw);
  if (single && singleOut) return table[0]![0]!;
  if (singleOut) return table[0]!;
  if (single) return table.map((r) => r[0]!);
  return table;
}

/** The Hessian of a scalar function: the Jacobian of its gradient. */
export function hessian(fn: Fn, inputs: Inputs, options: FunctionalOptions = {}): Tensor | Tensor[] | Tensor[][] {
  const single = !Array.isArray(inputs);
  const gradient = (...xs: Tensor[]): Tensor | Tensor[] => {
    const out = fn(...xs) as Tensor;
    if (Array.isArray(out) || out.numel() !== 1) throw new RangeError('The function given to hessian should return a single Tensor with one element');
    const gs = grad(out, xs, { createGraph: true, allowUnused: true }).map((g, i) => g ?? xs[i]!.newZeros(xs[i]!.shape));
    return single ? gs[0]! : gs;
  };
  return jacobian(gradient, inputs, options);
}

/** vᵀ·J: `[outputs, vjp]` of `fn` at `inputs` (v defaults to 1 for a one-element output). */
export function vjp(fn: Fn, inputs: Inputs, v?: Tensor | readonly Tensor[], options: FunctionalOptions = {}): [Tensor | Tensor[], Tensor | Tensor[]] {
  const createGraph = options.createGraph ?? false;
  const xs = prepare(asList(inputs), createGraph);
  const raw = enableGrad(() => fn(...xs));
  const outs = Array.isArray(raw) ? [...(raw as readonly Tensor[])] : [raw as Tensor];
  const vs = v === undefined ? undefined : asList(v);
  const gs = enableGrad(() => grad(outs, xs, { gradOutputs: vs, createGraph, allowUnused: true })).map((g, i) => g ?? xs[i]!.newZeros(xs[i]!.shape));
  const outsOut = outs.map((o) => (createGraph ? o : o.detach()));
  return [Array.isArray(raw) ? outsOut : outsOut[0]!, Array.isArray(inputs) ? gs : gs[0]!];
}

/**
 * J·v: `[outputs, jvp]`, by the double-vjp trick: the vjp is linear in its
 * cotangent u, so differentiating uᵀJ with respect to u along v gives J·v.
 */
export function jvp(fn: Fn, inputs: Inputs, v?: Tensor | readonly Tensor[], options: FunctionalOptions = {}): [Tensor | Tensor[], Tensor | Tensor[]] {
  const createGraph = options.createGraph ?? false;
  const xs = prepare(asList(inputs), true);
  const raw = enableGrad(() => fn(...xs));
  const outs = Array.isArray(raw) ? [...(raw as readonly Tensor[])] : [raw as Tensor];
  const vs = v === undefined ? xs.map((x) => x.newOnes(x.shape)) : asList(v);
  const us = outs.map((o) => o.newZeros(o.shape).requiresGrad_(true));
  const result = enableGrad(() => {
    const gs = grad(outs, xs, { gradOutputs: us, createGraph: true, allowUnused: true });
    const used = gs.map((g, i) => [g, vs[i]] as const).filter(([g]) => g !== null && g.requiresGrad);
    if (used.length === 0) return outs.map((o) => o.newZeros(o.shape));
    return grad(
      used.map(([g]) => g!),
      us,
      { gradOutputs: used.map(([, vv]) => vv!), createGraph, allowUnused: true },
    ).map((g, i) => g ?? outs[i]!.newZeros(outs[i]!.shape));
  });
  const outsOut = outs.map((o) => (createGraph ? o : o.detach()));
  return [Array.isArray(raw) ? outsOut : outsOut[0]!, Array.isArray(raw) ? result : result[0]!];
}

/** H·v for a scalar function: `[output, hvp]`, the gradient of (∇f)·v. */
export function hvp(fn: Fn, inputs: Inputs, v: Tensor | readonly Tensor[], options: FunctionalOptions = {}): [Tensor, Tensor | Tensor[]] {
  const createGraph = options.createGraph ?? false;
  const xs = prepare(asList(inputs), true);
  const vs = asList(v);
  const result = enableGrad(() => {
    const out = fn(...xs) as Tensor;
    const gs = grad(out, xs, { createGraph: true, allowUnused: true });
    let dot: Tensor | null = null;
    gs.forEach((g, i) => {
      if (g === null) return;
      const term = g.mul(vs[i]!).sum();
      dot = dot === null ? term : dot.add(term);
    });
    if (dot === null || !(dot as Tensor).requiresGrad) return { out, hv: xs.map((x) => x.newZeros(x.shape)) };
    const hv = grad(dot, xs, { createGraph, allowUnused: true }).map((g, i) => g ?? xs[i]!.newZeros(xs[i]!.shape));
    return { out, hv };
  });
  return [createGraph ? result.out : result.out.detach(), Array.isArray(inputs) ? result.hv : result.hv[0]!];
}
