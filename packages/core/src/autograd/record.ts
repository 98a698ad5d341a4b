import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';
import type { Edge, InputMeta } from './node.js';
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
}

/** Whether an op on these inputs would be recorded. */
export function shouldRecord(inputs: ReadonlyArray<Tensor | null>): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

/**
 * Attaches a backward node to `outputs` if grad mode is on and an input
 * requires grad. Called by every differentiable op after its forward; the
 * rule must capture only non-tensor data in its closure (tensors go through
 * `save`, so in-place changes and freeing are caught).
 */
export function record(spec: RecordSpec): void {
  if (!shouldRecord(spec.inputs)) return;
  const next: Edge[] = [];
  const meta: Array<InputMeta | null> = [];
  for (const t of spec.inputs) {
    if (t && t.requiresGrad) {
      next.push(gradientEdge(t));
      meta.push({ shape: t.shape, dtype: t.dtype, device: t.device });
    } else {
      next.push([null, 0]);
      meta.push(null);
    }
  }
  const node = new OpNode(spec.name, spec.backward, next, meta, []);
  spec.outputs.forEach((out, i) => {
    out._gradFn = node;
    out._outputNr = i;
    out._requiresGrad = true;
    out._gradFnVersion = out._version.value;
  });
  node._numOutputs = spec.outputs.length;
  if (spec.save && spec.save.length) node._setSaved(spec.save);
  node._forwardTrace = anomalyTrace();
}
