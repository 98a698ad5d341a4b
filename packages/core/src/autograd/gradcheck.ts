/**
 * Gradient checks: the analytic Jacobian from autograd against central finite
 * differences, (f(x+ε) − f(x−ε)) / 2ε, element by element. Use float64
 * inputs: in float32 the rounding error of the difference swamps ε.
 */
import { Tensor } from '../tensor/tensor.js';
import { enableGrad } from './grad-mode.js';
import { grad } from './backward.js';
import { tensor as makeTensor } from '../tensor/create.js';
import { GradcheckError } from './errors.js';
import { RuntimeError } from '../errors.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw on a mismatch (default) instead of returning false. */
  raiseException?: boolean;
  /** How far two backward passes on the same input may differ (default 0: backward must be deterministic). */
  nondetTol?: number;
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

/**
 * Analytic Jacobian of one output: rows[r][i] holds d(output element i)/d(every
 * element of differentiable input r), one backward per output element.
 */
function analyticalRows(out: Tensor, xs: Tensor[], differentiable: number[]): number[][][] {
  const rows: number[][][] = differentiable.map(() => []);
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
  return rows;
}

/** PyTorch's advice when backward is not reentrant. */
const FAILED_NONDET_MSG =
  '\n\nNOTE: If your op relies on non-deterministic operations i.e., it is listed here:\n' +
  'https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html\n' +
  'this failure might be expected.\n\n' +
  'If you are adding a new operator, please file an issue and then use one of the\n' +
  'workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.\n' +
  'If the test\n' +
  '- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck\n' +
  '  with `nondetTol: <tol>` as an option.\n';

/** Python's str() of a float: 0 is "0.0". */
function pyFloat(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** A Jacobian printed as PyTorch prints it in gradcheck's message: rows are input elements, columns output elements. */
function jacobianText(byOutputElement: number[][], inputNumel: number): string {
  const nOut = byOutputElement.length;
  const values: number[] = [];
  for (let j = 0; j < inputNumel; j++) for (let i = 0; i < nOut; i++) values.push(byOutputElement[i]![j]!);
  return makeTensor(values, { dtype: 'float64', shape: [inputNumel, nOut] }).toString();
}

/** PyTorch's input checks: something must require grad, and no input may have overlapping memory (stride 0). */
function checkInputs(xs: readonly unknown[]): void {
  let any = false;
  xs.forEach((x, idx) => {
    if (!(x instanceof Tensor) || !x.requiresGrad) return;
    any = true;
    if (x.dtype !== 'float64') {
      console.warn(
        `UserWarning: Input #${idx} requires gradient and is not a double precision floating point or complex. ` +
          'This check will likely fail if all the inputs are not of double precision floating point or complex. ',
      );
    }
    if (!x.stride().every((st, d) => st > 0 || x.shape[d]! <= 1)) {
      throw new RuntimeError(
        `The ${idx}th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping to be able to compute the numerical gradients correctly. ` +
          'You should call .contiguous on the input before passing it to gradcheck.',
      );
    }
  });
  if (!any) throw new RuntimeError('gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.');
}

/**
 * Checks the gradients of `fn` at `inputs` (those that require grad) against
 * finite differences, output by output and input by input, after checking
 * that backward is reentrant (two runs agree within `nondetTol`). Returns
 * true, or throws a `GradcheckError` (returns false with
 * `raiseException: false`) showing both Jacobians.
 *
 * ```ts
 * const x = randn([3], { dtype: 'float64', requiresGrad: true });
 * autograd.gradcheck((x) => x.sin().mul(x), [x]); // true
 * ```
 */
export function gradcheck(fn: Fn, inputs: Tensor | readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true, nondetTol = 0 } = options;
  const xs = Array.isArray(inputs) ? [...(inputs as readonly Tensor[])] : [inputs as Tensor];
  checkInputs(xs);
  const differentiable = xs.map((x, k) => (x instanceof Tensor && x.requiresGrad ? k : -1)).filter((k) => k >= 0);
  const fail = (message: string): false => {
    if (raiseException) throw new GradcheckError(message);
    return false;
  };
  const outs = enableGrad(() => outputsOf(fn, xs));
  // Numerical columns of every output at once, per input: numerical[r][j] = d(all outputs, flattened)/d(element j of input r).
  const numerical = differentiable.map((k) => numericalColumns(fn, xs, k, eps));
  let offset = 0;
  for (let o = 0; o < outs.length; o++) {
    const out = outs[o]!;
    const first = analyticalRows(out, xs, differentiable);
    const second = analyticalRows(out, xs, differentiable);
    const reentrant = first.every((rows, r) => rows.every((row, i) => row.every((a, j) => Math.abs(a - second[r]![i]![j]!) <= nondetTol)));
    if (!reentrant) {
      return fail(
        'Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, although analytical gradient matches numerical gradient.' +
          `The tolerance for nondeterminism was ${pyFloat(nondetTol)}.` +
          FAILED_NONDET_MSG,
      );
    }
    for (let r = 0; r < differentiable.length; r++) {
      const rows = first[r]!;
      const inputNumel = xs[differentiable[r]!]!.numel();
      const num = rows.map((_, i) => Array.from({ length: inputNumel }, (_, j) => numerical[r]![j]![offset + i]!));
      const close = rows.every((row, i) => row.every((a, j) => Math.abs(a - num[i]![j]!) <= atol + rtol * Math.abs(num[i]![j]!)));
      if (!close) {
        return fail(
          `Jacobian mismatch for output ${o} with respect to input ${r},\n` +
            `numerical:${jacobianText(num, inputNumel)}\nanalytical:${jacobianText(rows, inputNumel)}\n`,
        );
      }
    }
    offset += out.numel();
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
  const firstOrder = (...args: Tensor[]): Tensor[] => {
    const ins = args.slice(0, xs.length);
    const cot = args.slice(xs.length);
    const o = outputsOf(fn, ins);
    const diffIns = ins.filter((_, i) => xs[i]!.requiresGrad);
    return grad(o, diffIns, { gradOutputs: cot, createGraph: true, allowUnused: true }).map((g, i) => g ?? diffIns[i]!.mul(0));
  };
  return gradcheck(firstOrder, [...xs, ...vs], options);
}
