/**
 * Custom differentiable functions (torch.autograd.Function): subclass with
 * `static forward(ctx, ...args)` and `static backward(ctx, ...gradOutputs)`,
 * call with `MyFn.apply(...args)`.
 *
 * ```ts
 * class Line extends autograd.Function {
 *   static forward(ctx: FunctionCtx, x: Tensor, w: Tensor, b: Tensor) {
 *     ctx.saveForBackward(x, w);
 *     return w.mul(x).add(b);
 *   }
 *   static backward(ctx: FunctionCtx, g: Tensor) {
 *     const [x, w] = ctx.savedTensors;
 *     return [g.mul(w), g.mul(x), g]; // ∂/∂x = w, ∂/∂w = x, ∂/∂b = 1
 *   }
 * }
 * const y = Line.apply(x, w, b); // y.gradFn.name === 'LineBackward'
 * ```
 */
import { Tensor } from '../tensor/tensor.js';
import { isFloatingPoint } from '../dtype.js';
import { Node, type Edge, type GradList, type InputMeta } from './node.js';
import { SavedTensor } from './saved-tensor.js';
import { isGradEnabled, noGrad } from './grad-mode.js';
import { attachOutputs, inputEdges } from './record.js';
import { SECOND_BACKWARD_MESSAGE } from './errors.js';
import { rebaseDirtyView } from './dirty-view.js';
import { RuntimeError, TypeError } from '../errors.js';

/** The `ctx` of a custom Function: what forward leaves for backward. Any other field set on it is kept too. */
export class FunctionCtx {
  /** @internal What saveForBackward got, nulls in place. */ _toSave: Array<Tensor | null> | null = null;
  /** @internal */ _saved: Array<SavedTensor | null> | null = null;
  /** @internal */ _hadSaved = false;
  /** @internal */ _dirty = new Set<Tensor>();
  /** @internal */ _nonDifferentiable = new Set<Tensor>();
  /** @internal */ _materializeGrads = true;
  /** For each forward argument: whether backward must produce its gradient. */
  needsInputGrad: boolean[] = [];
  [field: string]: unknown;

  /**
   * Saves tensors for backward; they come back version-checked from
   * `savedTensors`, in the same positions: a `null` (an optional bias, say)
   * comes back as `null`.
   */
  saveForBackward(...tensors: Array<Tensor | null | undefined>): void {
    tensors.forEach((t, i) => {
      if (t !== null && t !== undefined && !(t instanceof Tensor)) {
        throw new TypeError(`save_for_backward can only save variables, but argument ${i} is not a Tensor or None (got ${typeof t})`);
      }
    });
    this._toSave = tensors.map((t) => t ?? null);
    this._hadSaved = this._toSave.length > 0;
  }

  /** The tensors given to saveForBackward, unpacked (throws after backward freed them, or after an in-place change). */
  get savedTensors(): Array<Tensor | null> {
    if (this._saved) return this._saved.map((s) => (s ? s.unpack() : null));
    if (this._hadSaved && this._toSave === null) throw new RuntimeError(SECOND_BACKWARD_MESSAGE);
    return this._toSave ?? [];
  }

  /** Declares inputs that forward modified in place; they must be returned as outputs. */
  markDirty(...tensors: Tensor[]): void {
    for (const t of tensors) this._dirty.add(t);
  }

  /** Declares outputs that have no gradient (e.g. indices). */
  markNonDifferentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this._nonDifferentiable.add(t);
  }

  /** Whether missing output gradients reach backward as zeros (default) or null. */
  setMaterializeGrads(flag: boolean): void {
    this._materializeGrads = flag;
  }

  /** @internal Turns the tensors given to saveForBackward into version-checked saved tensors. */
  _pack(owner: Node | null = null): void {
    if (this._toSave) this._saved = this._toSave.map((t) => (t ? new SavedTensor(t, owner) : null));
  }
}

/** The static side of a custom Function subclass. */
export type FunctionClass = {
  name: string;
  forward(ctx: FunctionCtx, ...args: any[]): unknown;
  backward(ctx: FunctionCtx, ...grads: any[]): unknown;
};

/** The graph node of one call of a custom Function; named `<ClassName>Backward`. */
class FunctionNode extends Node {
  readonly name: string;

  constructor(
    private readonly fn: FunctionClass,
    private readonly ctx: FunctionCtx,
    next: Edge[],
    meta: Array<InputMeta | null>,
    private readonly argCount: number,
  ) {
    super(next, meta);
    this.name = `${fn.name}Backward`;
    this._runsUserCode = true;
  }

  override _checkNotFreed(): void {
    if (this.ctx._hadSaved && this.ctx._saved === null) throw new RuntimeError(SECOND_BACKWARD_MESSAGE);
  }

  override _apply(gradOutputs: GradList): GradList {
    // The engine already gave outputs without a gradient zeros; without materialization they stay null.
    const raw = this.fn.backward(this.ctx, ...gradOutputs);
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length < this.argCount) {
      throw new RuntimeError(`function ${this.name} returned an incorrect number of gradients (expected ${this.argCount}, got ${list.length})`);
    }
    return list.slice(0, this.argCount).map((g, i) => {
      if (g === null || g === undefined) return null;
      if (!(g instanceof Tensor)) throw new TypeError(`function ${this.name} returned a non-Tensor gradient at position ${i + 1}`);
      if (this._inputMeta[i] === null && this.nextFunctions[i]![0] === null) return null;
      return g;
    });
  }

  override _release(): void {
    if (this.ctx._saved) for (const s of this.ctx._saved) s?.release();
    this.ctx._saved = null;
    this.ctx._toSave = null;
  }

  override get savedTensors(): readonly Tensor[] {
    return this.ctx.savedTensors.filter((t): t is Tensor => t !== null);
  }
}

/** Base class for custom differentiable operations. */
export class Function {
  /** Computes the outputs; runs with recording off. */
  static forward(_ctx: FunctionCtx, ..._args: any[]): unknown {
    throw new RuntimeError(`You must implement the forward function for custom autograd.Function.`);
  }

  /** Computes one gradient per forward argument (null for those without one). */
  static backward(_ctx: FunctionCtx, ..._grads: any[]): unknown {
    throw new RuntimeError(`You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.`);
  }

  /**
   * Runs forward and, when recording, attaches a `<Name>Backward` node to
   * its tensor outputs, through the same path as the built-in ops
   * (inputEdges / attachOutputs: edges, version stamp, anomaly trace).
   */
  static apply<T = Tensor>(this: FunctionClass, ...args: unknown[]): T {
    const ctx = new FunctionCtx();
    ctx.needsInputGrad = args.map((a) => a instanceof Tensor && a.requiresGrad);
    const recording = isGradEnabled() && ctx.needsInputGrad.some(Boolean);
    // The edges are taken before forward runs: a dirty input's history is the one it had when passed in.
    const edges = recording ? inputEdges(args) : null;
    const raw = noGrad(() => this.forward(ctx, ...args));
    const outputs = (Array.isArray(raw) ? raw : [raw]) as unknown[];
    const inputs = new Set(args.filter((a): a is Tensor => a instanceof Tensor));
    checkDirty(ctx, inputs, outputs, recording);
    if (!recording) {
      ctx._pack();
      return raw as T;
    }
    const node = new FunctionNode(this, ctx, edges!.next, edges!.meta, args.length);
    const attached: Array<Tensor | null> = [];
    const shapes: Array<readonly number[]> = [];
    const wrapped = outputs.map((o, i) => {
      shapes[i] = o instanceof Tensor ? o.shape : [];
      if (!(o instanceof Tensor) || ctx._nonDifferentiable.has(o) || !isFloatingPoint(o.dtype)) {
        attached[i] = null;
        return o;
      }
      // An input returned unchanged becomes a new tensor sharing its memory, so the input's own history is kept.
      const out = inputs.has(o) && !ctx._dirty.has(o) ? o.detach() : o;
      attached[i] = out;
      return out;
    });
    const dirtyViews = attached.filter((t): t is Tensor => t !== null && ctx._dirty.has(t) && t._base !== null);
    // A dirty view gets the node through a stand-in sharing its memory; the view itself then follows its base's new history.
    const outs = attached.map((t) => (t !== null && dirtyViews.includes(t) ? t.detach() : t));
    attachOutputs(node, outs, shapes);
    node._materializeGrads = ctx._materializeGrads;
    for (const v of dirtyViews) rebaseDirtyView(v, outs[attached.indexOf(v)]!);
    ctx._pack(node);
    return (Array.isArray(raw) ? wrapped : wrapped[0]) as T;
  }
}

/** PyTorch's checks on markDirty: dirty tensors are inputs, are returned, and are not leaves that require grad. */
function checkDirty(ctx: FunctionCtx, inputs: Set<Tensor>, outputs: unknown[], recording: boolean): void {
  if (ctx._dirty.size === 0) return;
  for (const t of ctx._dirty) {
    if (!inputs.has(t)) {
      console.warn(
        'UserWarning: Only input Tensors should be given to ctx.mark_dirty(). If a Tensor is not an input, there is no need to pass it to mark_dirty().',
      );
      continue;
    }
    if (!outputs.includes(t)) {
      throw new RuntimeError(
        'Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.',
      );
    }
    if (recording && t._gradFn === null && t._requiresGrad) {
      throw new RuntimeError('a leaf Variable that requires grad has been used in an in-place operation.');
    }
  }
}
