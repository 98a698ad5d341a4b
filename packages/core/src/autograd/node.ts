import type { Tensor } from '../tensor/tensor.js';

/** An edge of the graph: the node a gradient flows to, and which of its outputs it is for. */
export type Edge = readonly [Node | null, number];

/** What a node's backward receives per output, and returns per input. */
export type GradList = Array<Tensor | null>;

/** `registerHook` on a node: sees the gradients it produced and received; may replace what it produced. */
export type NodeHook = (gradInputs: GradList, gradOutputs: GradList) => GradList | void;
/** `registerPrehook` on a node: sees the gradients it is about to receive; may replace them. */
export type NodePrehook = (gradOutputs: GradList) => GradList | void;
/** A tensor hook: sees the tensor's gradient; may return a replacement. */
export type TensorHook = (grad: Tensor) => Tensor | void;

/** Handle returned by every `register*Hook`. */
export interface RemovableHandle {
  remove(): void;
}

let nextSequenceNr = 0;

/** What the engine tells every node it runs: the same call for every kind of node. */
export interface RunContext {
  /** Record the gradient computation itself (gradients of gradients). */
  readonly createGraph: boolean;
}

/** What a node knows of each differentiable input, to shape the gradient it returns. */
export interface InputMeta {
  readonly shape: readonly number[];
  readonly dtype: Tensor['dtype'];
  readonly device: string;
}

function removable<T>(list: T[], item: T): RemovableHandle {
  list.push(item);
  return {
    remove() {
      const i = list.indexOf(item);
      if (i >= 0) list.splice(i, 1);
    },
  };
}

/**
 * A node of the backward graph (PyTorch's `grad_fn`). `name` follows PyTorch
 * (`MulBackward0`), `nextFunctions` points at the nodes of the inputs, and
 * leaves appear there as `AccumulateGrad` nodes.
 */
export abstract class Node {
  /** PyTorch's name for this node, e.g. `'MulBackward0'`. */
  abstract readonly name: string;
  /** One edge per input: `[node | null, outputIndex]`. */
  readonly nextFunctions: Edge[];
  /** Creation order; later nodes run first among ready ones. */
  readonly sequenceNr = nextSequenceNr++;
  /** @internal Input metadata, aligned with nextFunctions. */
  readonly _inputMeta: Array<InputMeta | null>;
  /** @internal How many outputs (tensors) this node produced. */
  _numOutputs = 1;
  /** @internal The shape of each output, for the zeros of outputs that got no gradient. */
  _outputShapes: ReadonlyArray<readonly number[]> = [];
  /** @internal User code (a custom Function's backward) runs here: it may keep the gradients it is given. */
  _runsUserCode = false;
  /** @internal Whether outputs that got no gradient reach `_apply` as zeros (true) or null (a custom Function's setMaterializeGrads(false)). */
  _materializeGrads = true;
  /** @internal Hooks on the tensors this node produced, by output index. */
  _tensorHooks: Map<number, TensorHook[]> | null = null;
  /**
   * @internal Non-leaf tensors with retainGrad(), by output index. Held
   * strongly, not by WeakRef: a WeakRef keeps its target alive until the
   * current job ends, so a synchronous loop calling retainGrad() every step
   * would keep every step's tensor (measured: ~4 KB a step). The graph holds
   * the tensor only as long as the graph itself lives.
   */
  _retainGrad: Map<number, Tensor> | null = null;
  /** @internal Allocated on first registration: most nodes never get a hook. */
  _prehooks: NodePrehook[] | null = null;
  /** @internal */
  _hooks: NodeHook[] | null = null;
  /** @internal Stack of the forward call that made this node, when anomaly detection is on. */
  _forwardTrace: string | null = null;

  constructor(nextFunctions: Edge[], inputMeta: Array<InputMeta | null>) {
    this.nextFunctions = nextFunctions;
    this._inputMeta = inputMeta;
  }

  /**
   * @internal Computes input gradients from output gradients (one per
   * nextFunctions edge). The engine calls this on every kind of node alike;
   * a node that ends a path (AccumulateGrad) does its work here and returns [].
   */
  abstract _apply(gradOutputs: GradList, ctx: RunContext): GradList;

  /** @internal Frees saved tensors (after a backward without retainGraph). */
  _release(): void {}

  /** @internal Throws PyTorch's "backward through the graph a second time" error when what it saved is gone. */
  _checkNotFreed(): void {}

  /**
   * @internal The hooks of the tensors this node produced, run on the
   * gradients it is about to receive (a replacement gradient must keep the
   * shape), then their retainGrad. Returns the gradients to go on with.
   */
  _runTensorPrehooks(grads: GradList, check: (hook: TensorHook, g: Tensor) => Tensor, retain: (t: Tensor, g: Tensor) => void): GradList {
    const hooks = this._tensorHooks;
    const retained = this._retainGrad;
    if (!hooks && !retained) return grads;
    const out = grads.slice();
    if (hooks) {
      for (const [nr, list] of hooks) {
        for (const h of list) {
          const g = out[nr];
          if (g) out[nr] = check(h, g);
        }
      }
    }
    if (retained) {
      for (const [nr, t] of retained) {
        const g = out[nr];
        if (g) retain(t, g);
      }
    }
    return out;
  }

  /** The tensors this node saved for backward (read-only; throws once freed). */
  get savedTensors(): readonly Tensor[] {
    return [];
  }

  /** Hook run after this node computed its input gradients: `fn(gradInputs, gradOutputs)`. */
  registerHook(fn: NodeHook): RemovableHandle {
    return removable((this._hooks ??= []), fn);
  }

  /** Hook run before this node runs: `fn(gradOutputs)`. */
  registerPrehook(fn: NodePrehook): RemovableHandle {
    return removable((this._prehooks ??= []), fn);
  }

  /** @internal A hook on output `index` (Tensor.registerHook on a non-leaf). */
  _addTensorHook(index: number, fn: TensorHook): RemovableHandle {
    this._tensorHooks ??= new Map();
    let list = this._tensorHooks.get(index);
    if (!list) this._tensorHooks.set(index, (list = []));
    return removable(list, fn);
  }

  /** e.g. `<MulBackward0>` in printed tensors. */
  toString(): string {
    return `<${this.name} object>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
