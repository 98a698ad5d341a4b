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
import { gradientEdge } from './record.js';
import { anomalyTrace } from './anomaly.js';
import { SECOND_BACKWARD_MESSAGE } from './errors.js';

/** The `ctx` of a custom Function: what forward leaves for backward. Any other field set on it is kept too. */
export class FunctionCtx {
  /** @internal */ _toSave: Tensor[] | null = null;
  /** @internal */ _saved: SavedTensor[] | null = null;
  /** @internal */ _hadSaved = false;
  /** @internal */ _dirty = new Set<Tensor>();
  /** @internal */ _nonDifferentiable = new Set<Tensor>();
  /** @internal */ _materializeGrads = true;
  /** For each forward argument: whether backward must produce its gradient. */
  needsInputGrad: boolean[] = [];
  [field: string]: unknown;

  /** Saves tensors for backward; they come back version-checked from `savedTensors`. */
  saveForBackward(...tensors: Array<Tensor | null | undefined>): void {
    this._toSave = tensors.filter((t): t is Tensor => t instanceof Tensor);
    this._hadSaved = this._toSave.length > 0;
  }

  /** The tensors given to saveForBackward, unpacked (throws after backward freed them, or after an in-place change). */
  get savedTensors(): Tensor[] {
    if (this._saved) return this._saved.map((s) => s.unpack());
    if (this._hadSaved && this._toSave === null) throw new Error(SECOND_BACKWARD_MESSAGE);
    return this._toSave ?? [];
  }

  /** Declares inputs that forward modified in place. */
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
  /** @internal */ _outputShapes: Array<readonly number[]> = [];

  constructor(
    private readonly fn: FunctionClass,
    private readonly ctx: FunctionCtx,
    next: Edge[],
    meta: Array<InputMeta | null>,
    private readonly argCount: number,
  ) {
    super(next, meta);
    this.name = `${fn.name}Backward`;
  }

  override _apply(gradOutputs: GradList): GradList {
    if (this.ctx._hadSaved && this.ctx._saved === null) throw new Error(SECOND_BACKWARD_MESSAGE);
    const grads = this.ctx._materializeGrads
      ? gradOutputs.map((g, i) => g ?? zerosFor(gradOutputs, this._outputShapes[i]!))
      : gradOutputs;
    const raw = this.fn.backward(this.ctx, ...grads);
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.length < this.argCount) {
      throw new Error(`function ${this.name} returned an incorrect number of gradients (expected ${this.argCount}, got ${list.length})`);
    }
    return list.slice(0, this.argCount).map((g, i) => {
      if (g === null || g === undefined) return null;
      if (!(g instanceof Tensor)) throw new TypeError(`function ${this.name} returned a non-Tensor gradient at position ${i + 1}`);
      if (this._inputMeta[i] === null && this.nextFunctions[i]![0] === null) return null;
      return g;
    });
  }

  override _release(): void {
    if (this.ctx._saved) for (const s of this.ctx._saved) s.release();
    this.ctx._saved = null;
    this.ctx._toSave = null;
  }

  override get savedTensors(): readonly Tensor[] {
    return this.ctx.savedTensors;
  }
}

function zerosFor(grads: GradList, shape: readonly number[]): Tensor {
  const like = grads.find((g) => g !== null);
  if (!like) throw new Error('custom Function backward called with no gradients');
  return like.newZeros(shape);
}

/** Base class for custom differentiable operations. */
export class Function {
  /** Computes the outputs; runs with recording off. */
  static forward(_ctx: FunctionCtx, ..._args: any[]): unknown {
    throw new Error(`You must implement the forward function for custom autograd.Function.`);
  }

  /** Computes one gradient per forward argument (null for those without one). */
  static backward(_ctx: FunctionCtx, ..._grads: any[]): unknown {
    throw new Error(`You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.`);
  }

  /** Runs forward and, when recording, attaches a `<Name>Backward` node to its tensor outputs. */
  static apply<T = Tensor>(this: FunctionClass, ...args: unknown[]): T {
    const ctx = new FunctionCtx();
    ctx.needsInputGrad = args.map((a) => a instanceof Tensor && a.requiresGrad);
    const raw = noGrad(() => this.forward(ctx, ...args));
    const recording = isGradEnabled() && ctx.needsInputGrad.some(Boolean);
    const outputs = (Array.isArray(raw) ? raw : [raw]) as unknown[];
    if (!recording) {
      if (ctx._toSave) ctx._saved = ctx._toSave.map((t) => new SavedTensor(t));
      return raw as T;
    }
    const next: Edge[] = args.map((a) => (a instanceof Tensor && a.requiresGrad ? gradientEdge(a) : ([null, 0] as const)));
    const meta = args.map((a) => (a instanceof Tensor && a.requiresGrad ? { shape: a.shape, dtype: a.dtype, device: a.device } : null));
    const node = new FunctionNode(this, ctx, next, meta, args.length);
    node._forwardTrace = anomalyTrace();
    const inputs = new Set(args.filter((a): a is Tensor => a instanceof Tensor));
    const wrapped = outputs.map((o, i) => {
      if (!(o instanceof Tensor)) return o;
      node._outputShapes[i] = o.shape;
      if (ctx._nonDifferentiable.has(o) || !isFloatingPoint(o.dtype)) return o;
      // An input returned unchanged becomes a new tensor sharing its memory, so the input's own history is kept.
      const out = inputs.has(o) && !ctx._dirty.has(o) ? o.detach() : o;
      out._gradFn = node;
      out._outputNr = i;
      out._requiresGrad = true;
      return out;
    });
    node._numOutputs = outputs.length;
    if (ctx._toSave) ctx._saved = ctx._toSave.map((t) => new SavedTensor(t));
    return (Array.isArray(raw) ? wrapped : wrapped[0]) as T;
  }
}
