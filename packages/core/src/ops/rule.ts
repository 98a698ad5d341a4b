/**
 * The shape of a gradient rule for a kernel that is not a unary or binary
 * elementwise primitive (reductions, matmul, gather, scatterAdd, where,
 * clone, cast), and the one recorder that turns such a rule into a node.
 *
 * A rule says, per argument of the op: its derivative (or null for an
 * argument that has none, such as where's condition or gather's index) and
 * which values that derivative needs saved. The recorder saves only what
 * the gradients that will actually be asked for need, as PyTorch does, so a
 * later in-place change to an argument is refused only where PyTorch
 * refuses it. Arguments without a derivative are not edges of the node
 * (PyTorch's `next_functions` lists differentiable inputs only), but they
 * can still be saved.
 */
import { record, shouldRecord } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';

/** A value a derivative can need: an argument by position, or the op's output. */
export type Slot = number | 'out';

/** What a derivative reads: the saved arguments by position (a number argument stays a number) and the output. */
export interface RuleValues {
  readonly args: ReadonlyArray<Tensor | number | undefined>;
  readonly out: Tensor | undefined;
}

/** ∂L/∂argument from the output gradient `g`, the saved values and the call's own facts. */
export type Derivative<Ctx> = (g: Tensor, v: RuleValues, ctx: Ctx) => Tensor;

/**
 * One op's rule. `Ctx` holds what a call knows that the rule needs and that
 * is not a tensor (shapes, axes, flags): tensors go through the saved
 * values, so in-place changes and freed graphs are caught.
 */
export interface OpRule<Ctx> {
  /** PyTorch's node name, or a function of the call where PyTorch names the cases. */
  readonly node: string | ((ctx: Ctx) => string);
  /** Per argument: its derivative, or null where it has none. */
  readonly grads: ReadonlyArray<Derivative<Ctx> | null>;
  /** Per argument: the values its derivative needs. */
  readonly needs: ReadonlyArray<readonly Slot[]>;
}

/** A kernel whose outputs carry no gradient (comparisons, indices, sorting orders), with the reason. */
export interface NotDifferentiable {
  readonly notDifferentiable: string;
}

/**
 * Records `out = op(...args)` as `rule` says: the node, its edges (the
 * arguments that have a derivative) and only the saved values the wanted
 * gradients need. The only place the rules of this shape are recorded.
 */
export function recordRule<Ctx>(rule: OpRule<Ctx>, args: ReadonlyArray<Tensor | number | null>, out: Tensor, ctx: Ctx): Tensor {
  const edgeArgs: Array<Tensor | null> = [];
  const edgeOf: number[] = [];
  for (let i = 0; i < rule.grads.length; i++) {
    if (rule.grads[i] === null) continue;
    const a = args[i];
    edgeArgs.push(typeof a === 'object' ? (a ?? null) : null);
    edgeOf.push(i);
  }
  if (!shouldRecord(edgeArgs)) return out;
  const wanted = new Set<Slot>();
  for (let e = 0; e < edgeOf.length; e++) {
    if (edgeArgs[e]?.requiresGrad) for (const slot of rule.needs[edgeOf[e]!] ?? []) wanted.add(slot);
  }
  const slots: Slot[] = [];
  const save: Tensor[] = [];
  for (const slot of wanted) {
    const value = slot === 'out' ? out : args[slot];
    if (typeof value === 'object' && value !== null) {
      slots.push(slot);
      save.push(value);
    }
  }
  // Number arguments stay numbers in the call data; tensors come back through `saved` (version-checked).
  // The node keeps this small record, not a closure: a closure's scope would also hold every argument.
  const call: RuleCall<Ctx> = { rule, ctx, slots, edgeOf, numbers: args.map((a) => (typeof a === 'number' ? a : undefined)) };
  record({ name: typeof rule.node === 'string' ? rule.node : rule.node(ctx), inputs: edgeArgs, outputs: [out], save, backward: ruleBackward, ctx: call });
  return out;
}

/** What a node recorded by {@link recordRule} keeps of its call. */
interface RuleCall<Ctx> {
  readonly rule: OpRule<Ctx>;
  readonly ctx: Ctx;
  /** Which saved tensor is which argument (or the output). */
  readonly slots: readonly Slot[];
  /** The argument behind each edge. */
  readonly edgeOf: readonly number[];
  /** The number arguments, by position. */
  readonly numbers: ReadonlyArray<number | undefined>;
}

/** The backward of every node recorded by {@link recordRule}: the rule's derivatives for the edges that want one. */
function ruleBackward([g]: Tensor[], saved: Tensor[], needs: readonly boolean[], data: unknown): Array<Tensor | null> {
  const { rule, ctx, slots, edgeOf, numbers } = data as RuleCall<unknown>;
  const values: Array<Tensor | number | undefined> = [...numbers];
  let output: Tensor | undefined;
  slots.forEach((slot, k) => {
    if (slot === 'out') output = saved[k];
    else values[slot] = saved[k];
  });
  const v: RuleValues = { args: values, out: output };
  return edgeOf.map((argIndex, e) => (needs[e] ? rule.grads[argIndex]!(g!, v, ctx) : null));
}

/** The saved tensor at `slot` (for derivatives that know it was a tensor). */
export function savedTensor(v: RuleValues, slot: Slot): Tensor {
  const t = slot === 'out' ? v.out : v.args[slot];
  if (typeof t !== 'object') throw new Error(`internal: rule value ${String(slot)} was not saved as a tensor`);
  return t;
}
