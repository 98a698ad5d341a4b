import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';
import type { Edge, InputMeta, Node } from './node.js';
import { OpNode, type BackwardRule } from './op-node.js';
import { anomalyTrace } from './anomaly.js';

/** The edge a gradient for `t` travels along: its gradFn, its AccumulateGrad, or nothing. */
export function gradientEdge(t: Tensor): Edge {
  t._refreshView();
  if (t._gradFn) return [t._gradFn, t._outputNr];
  if (t._requiresGrad) return [t._accumulateGrad(), 0];
  return [null, 0];
}

/** What an op tells the recorder. */
export interface RecordSpec {
  /** PyTorch's node name, e.g. `'MulBackward0'`. */
  name: string;
  /** The op's tensor inputs, in the order the rule returns gradients (null for a number operand). */
  inputs: ReadonlyArray<Tensor | null>;
  /** The differentiable outputs. */
  outputs: readonly Tensor[];
  /** Tensors the rule needs, given back to it unpacked (version-checked). */
  save?: readonly Tensor[];
  backward: BackwardRule;
  /**
   * Per-call data the rule reads as its fourth argument. A rule that keeps
   * what it needs here, rather than in a closure, can be one function for
   * every call: a graph then holds no closure and scope per node.
   */
  ctx?: unknown;
}

/** Whether an op on these inputs would be recorded. */
export function shouldRecord(inputs: ReadonlyArray<Tensor | null>): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

/** The edge of an input that wants no gradient: one shared, immutable pair (graphs hold one per such input). */
const NO_EDGE: Edge = Object.freeze([null, 0] as const);

/**
 * Output shapes of a node with one output: none kept. The engine needs an
 * output's shape only to make zeros for an output that got no gradient,
 * and a one-output node runs only when its output got one.
 */
const ONE_OUTPUT: ReadonlyArray<readonly number[]> = Object.freeze([]);

/** @internal The edges and input metadata of a node over these inputs (a null edge where no gradient is wanted). */
export function inputEdges(inputs: ReadonlyArray<unknown>): { next: Edge[]; meta: Array<InputMeta | null> } {
  const next: Edge[] = [];
  const meta: Array<InputMeta | null> = [];
  for (const t of inputs) {
    if (isTensor(t) && t.requiresGrad) {
      next.push(gradientEdge(t));
      meta.push({ shape: t.shape, dtype: t.dtype, device: t.device });
    } else {
      next.push(NO_EDGE);
      meta.push(null);
    }
  }
  return { next, meta };
}

/** Tensors are recognised by shape without importing the class (record.ts sits below tensor.ts). */
function isTensor(t: unknown): t is Tensor {
  return typeof t === 'object' && t !== null && '_gradFn' in t && '_version' in t;
}

/**
 * @internal Makes `node` the history of `outputs` (output i is the node's
 * output i; a null entry is an output with no gradient): the one place where
 * built-in ops and custom Functions alike stamp gradFn, outputNr and the
 * version at which the history was set, and where the anomaly-mode forward
 * trace is taken.
 */
export function attachOutputs(node: Node, outputs: ReadonlyArray<Tensor | null>, shapes?: ReadonlyArray<readonly number[]>): void {
  node._numOutputs = outputs.length;
  node._outputShapes = outputs.length === 1 && outputs[0] ? ONE_OUTPUT : outputs.map((out, i) => out?.shape ?? shapes?.[i] ?? []);
  outputs.forEach((out, i) => {
    if (!out) return;
    out._gradFn = node;
    out._outputNr = i;
    out._requiresGrad = true;
    out._gradFnVersion = out._version.value;
    // An output with a history is no plain view made in noGrad (an op may compute its forward under noGrad, then record).
    out._noGradView = false;
  });
  node._forwardTrace = anomalyTrace();
}

/**
 * Attaches a backward node to `outputs` if grad mode is on and an input
 * requires grad. Called by every differentiable op after its forward; the
 * rule must capture only non-tensor data in its closure (tensors go through
 * `save`, so in-place changes and freeing are caught).
 */
export function record(spec: RecordSpec): void {
  if (!shouldRecord(spec.inputs)) return;
  const { next, meta } = inputEdges(spec.inputs);
  const node = new OpNode(spec.name, spec.backward, next, meta, [], spec.ctx);
  attachOutputs(node, spec.outputs);
  if (spec.save && spec.save.length) node._setSaved(spec.save);
}
