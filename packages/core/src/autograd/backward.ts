/** tensor.backward(), autograd.backward() and autograd.grad(): argument handling around the engine. */
import type { Tensor } from '../tensor/tensor.js';
import { formatShape, shapesEqual } from '../shape.js';
import { CREATE_GRAPH_BACKWARD_WARNING, IMPLICIT_GRAD_MESSAGE, NO_GRAD_FN_MESSAGE } from './errors.js';
import { runBackward } from './engine.js';
import { RuntimeError } from '../errors.js';

export interface BackwardOptions {
  /** Keep saved tensors so the graph can be walked again. */
  retainGraph?: boolean;
  /** Record the backward pass, for gradients of gradients. */
  createGraph?: boolean;
  /** Accumulate only into these tensors' `.grad`. */
  inputs?: Tensor | readonly Tensor[];
}

/** Root gradients: ones for one-element outputs, else the caller's, checked. */
function rootGradients(outputs: readonly Tensor[], given: ReadonlyArray<Tensor | number | null | undefined>): Tensor[] {
  return outputs.map((out, i) => {
    const g = given[i];
    if (g === null || g === undefined) {
      if (out.numel() !== 1) throw new RuntimeError(IMPLICIT_GRAD_MESSAGE);
      return out.newOnes(out.shape);
    }
    if (typeof g === 'number') return out.newFull(out.shape, g);
    if (!shapesEqual(g.shape, out.shape)) {
      throw new RuntimeError(`Mismatch in shape: grad_output[${i}] has a shape of torch.Size(${formatShape(g.shape)}) and output[${i}] has a shape of torch.Size(${formatShape(out.shape)}).`);
    }
    if (g.device !== out.device) throw new RuntimeError(`invalid gradient at index ${i} - expected device ${out.device} but got ${g.device}`);
    return g.dtype === out.dtype ? g : g.to(out.dtype);
  });
}

function checkRequiresGrad(outputs: readonly Tensor[]): void {
  outputs.forEach((t, i) => {
    if (!t.requiresGrad) throw new RuntimeError(NO_GRAD_FN_MESSAGE(i));
  });
}

let warnedCreateGraph = false;

/** PyTorch's warning (once per process here, as Python shows a warning once per call site). */
function warnCreateGraphCycle(): void {
  if (warnedCreateGraph) return;
  warnedCreateGraph = true;
  console.warn(`UserWarning: ${CREATE_GRAPH_BACKWARD_WARNING}`);
}

/** @internal Shared by Tensor.backward and autograd.backward. */
export function backwardFrom(outputs: readonly Tensor[], grads: ReadonlyArray<Tensor | number | null | undefined>, options: BackwardOptions): void {
  checkRequiresGrad(outputs);
  const inputs = options.inputs === undefined ? undefined : Array.isArray(options.inputs) ? options.inputs : [options.inputs as Tensor];
  if (inputs && inputs.length === 0) throw new RuntimeError("'inputs' argument to backward() cannot be empty.");
  const createGraph = options.createGraph ?? false;
  if (createGraph && inputs === undefined) warnCreateGraphCycle();
  runBackward(outputs, rootGradients(outputs, grads), {
    retainGraph: options.retainGraph ?? createGraph,
    createGraph,
    accumulateOnly: inputs,
  });
}

/**
 * Accumulates gradients of `tensors` into the leaves' `.grad`
 * (torch.autograd.backward).
 *
 * ```ts
 * autograd.backward([loss1, loss2]);
 * ```
 */
export function backward(
  tensors: Tensor | readonly Tensor[],
  options: BackwardOptions & { gradTensors?: Tensor | ReadonlyArray<Tensor | null> } = {},
): void {
  const outs = Array.isArray(tensors) ? (tensors as readonly Tensor[]) : [tensors as Tensor];
  const grads = options.gradTensors === undefined ? [] : Array.isArray(options.gradTensors) ? options.gradTensors : [options.gradTensors as Tensor];
  backwardFrom(outs, grads, options);
}

export interface GradOptions {
  /** The gradient of each output (needed for outputs of more than one element). */
  gradOutputs?: Tensor | ReadonlyArray<Tensor | null>;
  retainGraph?: boolean;
  createGraph?: boolean;
  /** Return null (instead of throwing) for inputs the outputs do not depend on. */
  allowUnused?: boolean;
  /** Return zeros instead of null for unused inputs (with createGraph, zeros that require grad). */
  materializeGrads?: boolean;
}

/**
 * The gradients of `outputs` with respect to `inputs`, returned instead of
 * accumulated into `.grad` (torch.autograd.grad).
 *
 * ```ts
 * const [dydx] = autograd.grad(y, x, { createGraph: true });
 * const [d2ydx2] = autograd.grad(dydx, x);
 * ```
 */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], options: GradOptions = {}): Array<Tensor | null> {
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? (inputs as readonly Tensor[]) : [inputs as Tensor];
  if (ins.length === 0) throw new RuntimeError('grad requires non-empty inputs.');
  checkRequiresGrad(outs);
  const given = options.gradOutputs === undefined ? [] : Array.isArray(options.gradOutputs) ? options.gradOutputs : [options.gradOutputs as Tensor];
  const createGraph = options.createGraph ?? false;
  const materialize = options.materializeGrads ?? false;
  const allowUnused = (options.allowUnused ?? false) || materialize;
  const result = runBackward(outs, rootGradients(outs, given), {
    retainGraph: options.retainGraph ?? createGraph,
    createGraph,
    capture: ins,
  });
  return result.map((g, i) => {
    if (g !== null) return g;
    if (!allowUnused) {
      throw new RuntimeError(
        'One of the differentiated Tensors appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.',
      );
    }
    // PyTorch's zeros_like(input, requires_grad=True): under createGraph they can be differentiated again.
    return materialize ? ins[i]!.newZeros(ins[i]!.shape).requiresGrad_(createGraph) : null;
  });
}
