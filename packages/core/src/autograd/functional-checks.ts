/**
 * The argument handling of torch.autograd.functional (its private helpers
 * _as_tuple, _grad_preprocess, _check_requires_grad, _validate_v,
 * _fill_in_zeros and _autograd_grad), with PyTorch's error texts. Arrays play
 * the part of Python's tuples.
 */
import { Tensor } from '../tensor/tensor.js';
import { formatShape, shapesEqual } from '../shape.js';
import { grad } from './backward.js';
import { RuntimeError, TypeError } from '../errors.js';

/** A JavaScript value's type, for messages. */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** `[wasArray, tensors]`; anything but a Tensor or an array of Tensors is a TypeError naming what it got. */
export function asTuple(x: unknown, argName: string, fnName: string): [boolean, Tensor[]] {
  const isArray = Array.isArray(x);
  const list = isArray ? (x as unknown[]) : [x];
  if (!isArray && !(x instanceof Tensor)) {
    throw new TypeError(`The ${argName} given to ${fnName} must be either a Tensor or an array of Tensors but the given ${argName} has type ${typeName(x)}.`);
  }
  list.forEach((el, i) => {
    if (!(el instanceof Tensor)) {
      throw new TypeError(
        `The ${argName} given to ${fnName} must be either a Tensor or an array of Tensors but the value at index ${i} has type ${typeName(el)}.`,
      );
    }
  });
  return [isArray, list as Tensor[]];
}

/** New tensors to differentiate with respect to: views keeping the history under createGraph, else fresh leaves. */
export function gradPreprocess(inputs: Tensor[], createGraph: boolean, needGraph: boolean): Tensor[] {
  return inputs.map((x) => (createGraph && x.requiresGrad ? x.viewAs(x) : x.detach().requiresGrad_(needGraph)));
}

/** Without createGraph the results are cut from the graph. */
export function gradPostprocess(xs: Tensor[], createGraph: boolean): Tensor[] {
  return createGraph ? xs : xs.map((x) => x.detach());
}

export type RequiresGradStage = 'outputs' | 'grad_inputs' | 'jacobian' | 'hessian';

/** strict mode: each tensor must exist and require grad, else PyTorch's message for the stage. */
export function checkRequiresGrad(xs: ReadonlyArray<Tensor | null>, stage: RequiresGradStage, strict: boolean): void {
  if (!strict) return;
  xs.forEach((x, i) => {
    if (x === null) {
      throw new RuntimeError(`The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
    }
    if (x.requiresGrad) return;
    if (stage === 'hessian') {
      throw new RuntimeError(
        `The hessian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. ` +
          'You should ensure that your function is thrice differentiable and that the hessian depends on the inputs.',
      );
    }
    if (stage === 'jacobian') {
      throw new RuntimeError(
        `While computing the hessian, found that the jacobian of the user-provided function with respect to input ${i} is independent of the input. ` +
          'This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs ' +
          '(this would be violated by a linear function for example).',
      );
    }
    if (stage === 'grad_inputs') {
      throw new RuntimeError(`The gradient with respect to input ${i} is independent of the inputs of the user-provided function. This is not allowed in strict mode.`);
    }
    throw new RuntimeError(
      `Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`,
    );
  });
}

/** v must match `other` in count and shapes. */
export function validateV(v: Tensor[], other: Tensor[], otherIsArray: boolean): void {
  if (v.length !== other.length) {
    if (otherIsArray) throw new RuntimeError(`v is an array of invalid length: should be ${other.length} but got ${v.length}.`);
    throw new RuntimeError('The given v should contain a single Tensor.');
  }
  v.forEach((vi, i) => {
    const o = other[i]!;
    if (!shapesEqual(vi.shape, o.shape)) {
      const prefix = otherIsArray ? `Entry ${i} in ` : '';
      throw new RuntimeError(`${prefix}v has invalid size: should be ${formatShape(o.shape)} but got ${formatShape(vi.shape)}.`);
    }
  });
}

export type FillStage = 'back' | 'back_trick' | 'double_back' | 'double_back_trick';

/** Missing gradients become zeros; in strict mode a missing (or, under createGraph, constant) one is an error. */
export function fillInZeros(grads: ReadonlyArray<Tensor | null>, refs: Tensor[], strict: boolean, createGraph: boolean, stage: FillStage): Tensor[] {
  return grads.map((g, i) => {
    if (g === null) {
      if (strict) {
        if (stage === 'back') throw new RuntimeError(`The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
        if (stage === 'back_trick') {
          throw new RuntimeError(
            `The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode.`,
          );
        }
        if (stage === 'double_back') throw new RuntimeError(`The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
        throw new RuntimeError(
          `The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.`,
        );
      }
      return refs[i]!.newZeros(refs[i]!.shape);
    }
    if (strict && createGraph && !g.requiresGrad) {
      if (!stage.includes('double')) {
        throw new RuntimeError(`The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when createGraph: true.`);
      }
      throw new RuntimeError(`The hessian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when createGraph: true.`);
    }
    return g;
  });
}

/** autograd.grad over the outputs that require grad only; all null when none does. */
export function autogradGrad(
  outputs: ReadonlyArray<Tensor | null>,
  inputs: Tensor[],
  gradOutputs: ReadonlyArray<Tensor | null> | null,
  options: { createGraph?: boolean; retainGraph?: boolean } = {},
): Array<Tensor | null> {
  const outs: Tensor[] = [];
  const gos: Array<Tensor | null> = [];
  outputs.forEach((o, i) => {
    if (o !== null && o.requiresGrad) {
      outs.push(o);
      gos.push(gradOutputs ? (gradOutputs[i] ?? null) : null);
    }
  });
  if (outs.length === 0) return inputs.map(() => null);
  return grad(outs, inputs, { gradOutputs: gos, allowUnused: true, createGraph: options.createGraph ?? false, retainGraph: options.retainGraph });
}
