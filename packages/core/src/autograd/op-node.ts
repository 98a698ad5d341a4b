import type { Tensor } from '../tensor/tensor.js';
import { Node, type Edge, type GradList, type InputMeta } from './node.js';
import { SavedTensor } from './saved-tensor.js';
import { SECOND_BACKWARD_MESSAGE } from './errors.js';
import { RuntimeError } from '../errors.js';

/**
 * A gradient rule: output gradients and the unpacked saved tensors in, one
 * gradient per input out (null where not needed or not defined). Written with
 * public tensor ops only, so it runs on every backend and can itself be
 * recorded (createGraph).
 */
export type BackwardRule = (grads: Tensor[], saved: Tensor[], needsInputGrad: readonly boolean[], ctx: unknown) => GradList;

/** The node of a built-in op: a name, a rule and what the op saved. */
export class OpNode extends Node {
  private _name: string;
  private readonly rule: BackwardRule;
  /** What the rule needs of this call that is not a tensor (given back to it as `ctx`), so one rule function can serve every call. */
  private readonly ctx: unknown;
  private saved: SavedTensor[] | null;

  constructor(name: string, rule: BackwardRule, next: Edge[], meta: Array<InputMeta | null>, saved: Tensor[], ctx: unknown = undefined) {
    super(next, meta);
    this._name = name;
    this.rule = rule;
    this.ctx = ctx;
    this.saved = saved.length ? saved.map((t) => new SavedTensor(t)) : null;
  }

  get name(): string {
    return this._name;
  }

  /** @internal Where PyTorch names a node by the in-place op that made it (CopySlices, CopyBackwards). */
  _rename(name: string): void {
    this._name = name;
  }

  override _apply(gradOutputs: GradList): GradList {
    const grads = gradOutputs as Tensor[];
    const saved = this.saved ? this.saved.map((s) => s.unpack()) : [];
    // Which inputs need a gradient, worked out when backward runs rather than held by every node of the graph.
    const needs = this.nextFunctions.map(([n]) => n !== null);
    return this.rule(grads, saved, needs, this.ctx);
  }

  /** @internal Saved after the outputs are attached, so a saved output knows it is this node's. */
  _setSaved(tensors: readonly Tensor[]): void {
    this.saved = tensors.map((t) => new SavedTensor(t, this));
  }

  override _release(): void {
    if (this.saved) for (const s of this.saved) s.release();
  }

  /** Whether backward already freed what this node saved. */
  get _freed(): boolean {
    return this.saved !== null && this.saved.length > 0 && this.saved[0]!.released;
  }

  override _checkNotFreed(): void {
    if (this._freed) throw new RuntimeError(SECOND_BACKWARD_MESSAGE);
  }

  override get savedTensors(): readonly Tensor[] {
    return this.saved ? this.saved.map((s) => s.unpack()) : [];
  }
}
