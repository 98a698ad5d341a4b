/**
 * torch.autograd.functional: Jacobians, Hessians and vector products of a
 * function, built from autograd.grad, following PyTorch's implementation
 * step for step (including `strict` and its messages).
 */
import type { Tensor } from '../tensor/tensor.js';
import { stack } from '../ops/movement.js';
import { enableGrad, isGradEnabled, setGradEnabled } from './grad-mode.js';
import {
  asTuple,
  autogradGrad,
  checkRequiresGrad,
  fillInZeros,
  gradPostprocess,
  gradPreprocess,
  validateV,
} from './functional-checks.js';
import { RuntimeError } from '../errors.js';

type Inputs = Tensor | readonly Tensor[];
type Fn = (...xs: Tensor[]) => Tensor | readonly Tensor[];

export interface FunctionalOptions {
  /** Make the result differentiable (for higher derivatives). */
  createGraph?: boolean;
  /** Throw if an output does not depend on an input (instead of giving zeros), as PyTorch's strict mode. */
  strict?: boolean;
}

/** One Tensor or the array, as the caller gave it. */
function post<T>(xs: T[], asArray: boolean): T | T[] {
  return asArray ? xs : xs[0]!;
}

/** Runs `fn` with grad mode set to `flag`, then restores it. */
function withGradMode<T>(flag: boolean, fn: () => T): T {
  const prev = isGradEnabled();
  setGradEnabled(flag);
  try {
    return fn();
  } finally {
    setGradEnabled(prev);
  }
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
  const strict = options.strict ?? false;
  return enableGrad(() => {
    const [inputsIsArray, raw] = asTuple(inputs, 'inputs', 'jacobian');
    const xs = gradPreprocess(raw, createGraph, true);
    const [outputsIsArray, outs] = asTuple(fn(...xs), 'outputs of the user-provided function', 'jacobian');
    checkRequiresGrad(outs, 'outputs', strict);
    const table = outs.map((out, i) => {
      const rows: Tensor[][] = xs.map(() => []);
      const flat = out.reshape([-1]);
      for (let j = 0; j < out.numel(); j++) {
        // d out[j] / d inputs: one backward per output element (PyTorch's non-vectorized strategy).
        const vj = autogradGrad([flat.select(0, j)], xs, null, { retainGraph: true, createGraph });
        vj.forEach((g, k) => {
          if (g !== null) {
            if (strict && createGraph && !g.requiresGrad) {
              throw new RuntimeError(
                `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when createGraph: true.`,
              );
            }
            rows[k]!.push(g);
          } else {
            if (strict) throw new RuntimeError(`Output ${i} of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`);
            rows[k]!.push(xs[k]!.newZeros(xs[k]!.shape));
          }
        });
      }
      return rows.map((r, k) =>
        gradPostprocess([(r.length ? stack(r, 0) : xs[k]!.newZeros([0, ...xs[k]!.shape])).view([...out.shape, ...xs[k]!.shape])], createGraph)[0]!,
      );
    });
    if (!outputsIsArray) return post(table[0]!, inputsIsArray);
    return table.map((row) => post(row, inputsIsArray)) as Tensor[] | Tensor[][];
  });
}

/** The Hessian of a scalar function: the Jacobian of its gradient. */
export function hessian(fn: Fn, inputs: Inputs, options: FunctionalOptions = {}): Tensor | Tensor[] | Tensor[][] {
  const strict = options.strict ?? false;
  const [inputsIsArray] = asTuple(inputs, 'inputs', 'hessian');
  const singleOutput = (...xs: Tensor[]): Tensor => {
    const out = fn(...xs);
    const [isArray, outs] = asTuple(out, 'outputs of the user-provided function', 'hessian');
    checkRequiresGrad(outs, 'outputs', strict);
    if (isArray) throw new RuntimeError('The function given to hessian should return a single Tensor');
    if (outs[0]!.numel() !== 1) throw new RuntimeError('The Tensor returned by the function given to hessian should contain a single element');
    return outs[0]!.squeeze();
  };
  const jacFn = (...xs: Tensor[]): Tensor | Tensor[] => {
    const jac = jacobian(singleOutput, inputsIsArray ? xs : xs[0]!, { createGraph: true }) as Tensor | Tensor[];
    checkRequiresGrad(Array.isArray(jac) ? jac : [jac], 'jacobian', strict);
    return jac;
  };
  return jacobian(jacFn, inputs, options);
}

/** vᵀ·J: `[outputs, vjp]` of `fn` at `inputs` (v may be left out for a one-element output). */
export function vjp(fn: Fn, inputs: Inputs, v?: Tensor | readonly Tensor[] | null, options: FunctionalOptions = {}): [Tensor | Tensor[], Tensor | Tensor[]] {
  const createGraph = options.createGraph ?? false;
  const strict = options.strict ?? false;
  const { outs, outputsIsArray, inputsIsArray, xs } = enableGrad(() => {
    const [inputsIsArray, raw] = asTuple(inputs, 'inputs', 'vjp');
    const xs = gradPreprocess(raw, createGraph, true);
    const [outputsIsArray, outs] = asTuple(fn(...xs), 'outputs of the user-provided function', 'vjp');
    checkRequiresGrad(outs, 'outputs', strict);
    return { outs, outputsIsArray, inputsIsArray, xs };
  });
  let vs: Tensor[] | null = null;
  if (v !== undefined && v !== null) {
    vs = gradPreprocess(asTuple(v, 'v', 'vjp')[1], createGraph, false);
    validateV(vs, outs, outputsIsArray);
  } else if (outs.length !== 1 || outs[0]!.numel() !== 1) {
    throw new RuntimeError('The vector v can only be None if the user-provided function returns a single Tensor with a single element.');
  }
  const result = withGradMode(createGraph || isGradEnabled(), () =>
    fillInZeros(autogradGrad(outs, xs, vs, { createGraph }), xs, strict, createGraph, 'back'),
  );
  return [post(gradPostprocess(outs, createGraph), outputsIsArray), post(gradPostprocess(result, createGraph), inputsIsArray)];
}

/** A v that may be left out only for one input of one element (then it is 1). */
function checkedV(v: Tensor | readonly Tensor[] | null | undefined, xs: Tensor[], inputsIsArray: boolean, createGraph: boolean, fnName: string): Tensor[] | null {
  if (v !== undefined && v !== null) {
    const vs = gradPreprocess(asTuple(v, 'v', fnName)[1], createGraph, false);
    validateV(vs, xs, inputsIsArray);
    return vs;
  }
  if (xs.length !== 1 || xs[0]!.numel() !== 1) {
    throw new RuntimeError('The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.');
  }
  return null;
}

/**
 * J·v: `[outputs, jvp]`, by the double-vjp trick: the vjp is linear in its
 * cotangent u, so differentiating uᵀJ with respect to u along v gives J·v.
 */
export function jvp(fn: Fn, inputs: Inputs, v?: Tensor | readonly Tensor[] | null, options: FunctionalOptions = {}): [Tensor | Tensor[], Tensor | Tensor[]] {
  const createGraph = options.createGraph ?? false;
  const strict = options.strict ?? false;
  const { outs, outputsIsArray, inputsIsArray, result } = enableGrad(() => {
    const [inputsIsArray, raw] = asTuple(inputs, 'inputs', 'jvp');
    const xs = gradPreprocess(raw, createGraph, true);
    const vs = checkedV(v, xs, inputsIsArray, createGraph, 'jvp');
    const [outputsIsArray, outs] = asTuple(fn(...xs), 'outputs of the user-provided function', 'jvp');
    checkRequiresGrad(outs, 'outputs', strict);
    const us = outs.map((o) => o.newZeros(o.shape).requiresGrad_(true));
    const gradInputs = autogradGrad(outs, xs, us, { createGraph: true });
    checkRequiresGrad(gradInputs, 'grad_inputs', strict);
    const res = autogradGrad(gradInputs, us, vs, { createGraph });
    return { outs, outputsIsArray, inputsIsArray, result: fillInZeros(res, outs, strict, createGraph, 'back_trick') };
  });
  void inputsIsArray;
  return [post(gradPostprocess(outs, createGraph), outputsIsArray), post(gradPostprocess(result, createGraph), outputsIsArray)];
}

/** The scalar output of `fn` for hvp/vhp, checked as PyTorch does. */
function scalarOutput(fn: Fn, xs: Tensor[], strict: boolean, fnName: string): Tensor {
  const [isArray, outs] = asTuple(fn(...xs), 'outputs of the user-provided function', fnName);
  checkRequiresGrad(outs, 'outputs', strict);
  if (isArray) throw new RuntimeError(`The function given to ${fnName} should return a single Tensor`);
  if (outs[0]!.numel() !== 1) throw new RuntimeError(`The Tensor returned by the function given to ${fnName} should contain a single element`);
  return outs[0]!;
}

/** H·v for a scalar function: `[output, hvp]`, by the double-backward trick. */
export function hvp(fn: Fn, inputs: Inputs, v?: Tensor | readonly Tensor[] | null, options: FunctionalOptions = {}): [Tensor, Tensor | Tensor[]] {
  const createGraph = options.createGraph ?? false;
  const strict = options.strict ?? false;
  const outer = isGradEnabled();
  const { out, inputsIsArray, result } = enableGrad(() => {
    const [inputsIsArray, raw] = asTuple(inputs, 'inputs', 'hvp');
    const xs = gradPreprocess(raw, createGraph, true);
    const vs = checkedV(v, xs, inputsIsArray, createGraph, 'hvp');
    const out = scalarOutput(fn, xs, strict, 'hvp');
    const jac = autogradGrad([out], xs, null, { createGraph: true });
    checkRequiresGrad(jac, 'jacobian', strict);
    const gradJac = xs.map((x) => x.newZeros(x.shape).requiresGrad_(true));
    const doubleBack = autogradGrad(jac, xs, gradJac, { createGraph: true });
    checkRequiresGrad(jac, 'hessian', strict);
    const res = withGradMode(createGraph || outer, () => autogradGrad(doubleBack, gradJac, vs, { createGraph }));
    return { out, inputsIsArray, result: fillInZeros(res, xs, strict, createGraph, 'double_back_trick') };
  });
  return [gradPostprocess([out], createGraph)[0]!, post(gradPostprocess(result, createGraph), inputsIsArray)];
}

/** vᵀ·H for a scalar function: `[output, vhp]`, the gradient of ∇f·v. Equal to hvp for a symmetric Hessian. */
export function vhp(fn: Fn, inputs: Inputs, v?: Tensor | readonly Tensor[] | null, options: FunctionalOptions = {}): [Tensor, Tensor | Tensor[]] {
  const createGraph = options.createGraph ?? false;
  const strict = options.strict ?? false;
  const outer = isGradEnabled();
  const { out, inputsIsArray, result } = enableGrad(() => {
    const [inputsIsArray, raw] = asTuple(inputs, 'inputs', 'vhp');
    const xs = gradPreprocess(raw, createGraph, true);
    const vs = checkedV(v, xs, inputsIsArray, createGraph, 'vhp');
    const out = scalarOutput(fn, xs, strict, 'vhp');
    const jac = autogradGrad([out], xs, null, { createGraph: true });
    checkRequiresGrad(jac, 'jacobian', strict);
    const res = withGradMode(createGraph || outer, () => autogradGrad(jac, xs, vs, { createGraph }));
    return { out, inputsIsArray, result: fillInZeros(res, xs, strict, createGraph, 'double_back') };
  });
  return [gradPostprocess([out], createGraph)[0]!, post(gradPostprocess(result, createGraph), inputsIsArray)];
}
