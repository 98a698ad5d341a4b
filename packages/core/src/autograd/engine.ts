import type { Tensor } from '../tensor/tensor.js';
import { formatShape, shapesEqual } from '../shape.js';
import { AccumulateGrad } from './accumulate-grad.js';
import { isAnomalyEnabled } from './anomaly.js';
import { NO_GRAD_FN_MESSAGE, SECOND_BACKWARD_MESSAGE } from './errors.js';
import { enableGrad, noGrad } from './grad-mode.js';
import type { GradList, Node } from './node.js';
import { OpNode } from './op-node.js';
import { gradientEdge } from './record.js';
import { tidy } from '../tensor/tidy.js';

export interface EngineOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** autograd.grad: capture the gradients of these tensors instead of accumulating into .grad. */
  capture?: readonly Tensor[];
  /** backward({ inputs }): accumulate only into these. */
  accumulateOnly?: readonly Tensor[];
}

/** A max-heap of nodes by sequence number: the most recently created ready node runs first, as in PyTorch. */
class ReadyQueue {
  private heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.sequenceNr >= h[i]!.sequenceNr) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.sequenceNr > h[m]!.sequenceNr) m = l;
        if (r < h.length && h[r]!.sequenceNr > h[m]!.sequenceNr) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Sums a gradient down to the shape of the input it belongs to: the one place
 * where broadcasting is undone (an input broadcast from [3] to [2, 3] gets
 * the sum over the new leading dimension; one of size 1 the sum over it).
 */
export function sumToShape(grad: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const lead = grad.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.ndim; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && grad.shape[i] !== 1) axes.push(i);
  }
  let g = axes.length ? grad.sum(axes, true) : grad;
  if (lead > 0 || g.ndim !== shape.length) g = g.reshape([...shape]);
  return g;
}

/** Whether `small` broadcasts to `big` (so a gradient of shape `big` sums down to `small`). */
function broadcastsTo(small: readonly number[], big: readonly number[]): boolean {
  if (small.length > big.length) return false;
  const lead = big.length - small.length;
  return small.every((d, i) => d === big[lead + i] || d === 1);
}

/** Every node reachable from the roots, in an order where each node comes after all nodes that point to it. */
function collect(roots: Node[]): { dependencies: Map<Node, number>; postOrder: Node[] } {
  const dependencies = new Map<Node, number>();
  const postOrder: Node[] = [];
  const seen = new Set<Node>();
  // Iterative DFS: a chain of 100,000 ops must not overflow the stack.
  const stack: Array<[Node, number]> = [];
  for (const r of roots) {
    if (seen.has(r)) continue;
    seen.add(r);
    stack.push([r, 0]);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      if (i < node.nextFunctions.length) {
        top[1]++;
        const next = node.nextFunctions[i]![0];
        if (!next) continue;
        dependencies.set(next, (dependencies.get(next) ?? 0) + 1);
        if (!seen.has(next)) {
          seen.add(next);
          stack.push([next, 0]);
        }
      } else {
        stack.pop();
        postOrder.push(node);
      }
    }
  }
  return { dependencies, postOrder };
}

/** Nodes from which one of the targets can be reached (others need not run). */
function neededNodes(postOrder: Node[], isTarget: (n: Node) => boolean): Set<Node> {
  const needed = new Set<Node>();
  // Post-order visits children before parents, so one pass suffices.
  for (const node of postOrder) {
    if (isTarget(node) || node.nextFunctions.some(([n]) => n !== null && needed.has(n))) needed.add(node);
  }
  return needed;
}

function checkForNaN(node: Node, grads: GradList): void {
  grads.forEach((g, i) => {
    if (!g) return;
    const values = g.detach().contiguous()._readHost();
    for (let k = 0; k < values.length; k++) {
      if (Number.isNaN(values[k])) {
        const where = node._forwardTrace ? `\nTraceback of forward call that caused the error:\n${node._forwardTrace}` : '';
        throw new Error(`Function '${node.name}' returned nan values in its ${i}th output.${where}`);
      }
    }
  });
}

/** .grad += g on a non-leaf (retainGrad and backward({ inputs })): a copy first, a sum after. */
function accumulateInto(t: Tensor, g: Tensor, createGraph: boolean): void {
  const value = createGraph ? g : g.detach();
  t._grad = t._grad === null ? (createGraph ? value : value.clone()) : t._grad.add(value);
  t._grad._keep = true;
}

function addGrads(a: Tensor | null, b: Tensor): Tensor {
  return a === null ? b : a.add(b);
}

/**
 * The backward pass. Runs every node reachable from the roots once all the
 * nodes that feed it have run (dependency counting, iterative), adds the
 * gradients of inputs used twice, prunes branches that lead to no wanted
 * input, reduces broadcast gradients once, and frees saved tensors unless
 * `retainGraph`. Returns the captured gradients for autograd.grad.
 */
export function runBackward(roots: readonly Tensor[], rootGrads: readonly Tensor[], opts: EngineOptions): Array<Tensor | null> {
  const rootEdges = roots.map((t, i) => {
    const edge = gradientEdge(t);
    if (!edge[0]) throw new Error(NO_GRAD_FN_MESSAGE(i));
    return edge;
  });

  // Where gradients are captured (autograd.grad) or where accumulation is allowed (backward({ inputs })).
  const targets = opts.capture ?? opts.accumulateOnly;
  const targetSlots = new Map<Node, Map<number, number[]>>();
  if (targets) {
    targets.forEach((t, k) => {
      const [node, nr] = gradientEdge(t);
      if (!node) throw new Error('One of the differentiated Tensors does not require grad');
      let byOutput = targetSlots.get(node);
      if (!byOutput) targetSlots.set(node, (byOutput = new Map()));
      const list = byOutput.get(nr) ?? [];
      list.push(k);
      byOutput.set(nr, list);
    });
  }
  const captured: Array<Tensor | null> = targets ? targets.map(() => null) : [];

  const rootNodes = rootEdges.map(([n]) => n as Node);
  const { dependencies, postOrder } = collect(rootNodes);
  const needed = targets ? neededNodes(postOrder, (n) => targetSlots.has(n)) : null;

  const buffers = new Map<Node, GradList>();
  const bufferFor = (node: Node): GradList => {
    let b = buffers.get(node);
    if (!b) buffers.set(node, (b = new Array<Tensor | null>(node._numOutputs).fill(null)));
    return b;
  };

  const mode = opts.createGraph ? enableGrad : noGrad;
  // A tidy scope: intermediate gradients are freed as soon as the pass ends
  // (device memory), and skip the GC safety net. What survives — .grad
  // values, captured gradients, tensors the new graph saved, anything handed
  // to a user hook — is kept.
  return tidy(() => mode(() => {
    rootEdges.forEach(([node, nr], i) => {
      const b = bufferFor(node as Node);
      b[nr] = addGrads(b[nr] ?? null, rootGrads[i]!);
    });

    const queue = new ReadyQueue();
    for (const n of new Set(rootNodes)) if (!dependencies.has(n)) queue.push(n);

    while (queue.size) {
      const node = queue.pop();
      let grads = buffers.get(node) ?? new Array<Tensor | null>(node._numOutputs).fill(null);
      buffers.delete(node);
      const run = needed === null || needed.has(node);
      let gradInputs: GradList = [];

      if (run) {
        grads = applyTensorHooks(node, grads);
        const slots = targetSlots.get(node);
        if (slots && opts.capture) {
          for (const [nr, ks] of slots) for (const k of ks) captured[k] = grads[nr] ?? null;
        } else if (slots && opts.accumulateOnly && !(node instanceof AccumulateGrad)) {
          // backward({ inputs }) with a non-leaf among them: its .grad is filled, as PyTorch does.
          for (const [nr, ks] of slots) {
            const g = grads[nr];
            if (!g) continue;
            for (const k of ks) accumulateInto(opts.accumulateOnly[k]!, g, opts.createGraph);
          }
        }
        if (node._prehooks) for (const hook of node._prehooks) grads = keepAll(hook(keepAll(grads)) ?? grads);

        if (node instanceof AccumulateGrad) {
          const g = grads[0];
          if (g && !opts.capture) node._accumulate(g, opts.createGraph);
        } else if (slots && needed && !node.nextFunctions.some(([n]) => n && needed.has(n))) {
          // A wanted non-leaf whose history leads to no other wanted input: stop here.
        } else if (grads.some((g) => g !== null)) {
          if (node instanceof OpNode && node._freed) throw new Error(SECOND_BACKWARD_MESSAGE);
          gradInputs = node._apply(materialize(node, grads));
          gradInputs = gradInputs.map((g, i) => conform(g, node, i));
          if (node._hooks) for (const hook of node._hooks) gradInputs = keepAll(hook(keepAll(gradInputs), keepAll(grads)) ?? gradInputs);
          if (isAnomalyEnabled()) checkForNaN(node, gradInputs);
          if (!opts.retainGraph) node._release();
        }
      }

      node.nextFunctions.forEach(([next, nr], i) => {
        if (!next) return;
        const g = gradInputs[i];
        if (g) {
          const b = bufferFor(next);
          b[nr] = addGrads(b[nr] ?? null, g);
        }
        const left = dependencies.get(next)! - 1;
        dependencies.set(next, left);
        if (left === 0) queue.push(next);
      });
    }
    return captured;
  }));
}

/** Tensor hooks and retainGrad of the tensors this node produced (or, for AccumulateGrad, of its leaf). */
function applyTensorHooks(node: Node, grads: GradList): GradList {
  const hooks = node._tensorHooks;
  const retain = node._retainGrad;
  if (!hooks && !retain && !(node instanceof AccumulateGrad)) return grads;
  const out = grads.slice();
  if (node instanceof AccumulateGrad) {
    const leafHooks = node.variable._hooks;
    if (leafHooks && leafHooks.length && out[0]) for (const h of leafHooks) out[0] = checkedHook(h, out[0]!);
    return out;
  }
  if (hooks) {
    for (const [nr, list] of hooks) {
      for (const h of list) {
        const g = out[nr];
        if (g) out[nr] = checkedHook(h, g);
      }
    }
  }
  if (retain) {
    for (const [nr, t] of retain) {
      const g = out[nr];
      if (g) accumulateInto(t, g, false);
    }
  }
  return out;
}

/** Marks gradients a user hook sees: it may keep them, so the pass's tidy scope must not free them. */
function keepAll(list: GradList): GradList {
  for (const g of list) if (g) g._keep = true;
  return list;
}

/** Runs a tensor hook; a replacement must keep the gradient's shape (PyTorch's check). */
function checkedHook(hook: (g: Tensor) => Tensor | void, g: Tensor): Tensor {
  g._keep = true; // the hook may hold on to it
  const r = hook(g);
  if (r) r._keep = true;
  if (r === undefined || r === null) return g;
  if (!shapesEqual(r.shape, g.shape)) {
    throw new Error(`hook '${hook.name || 'hook'}' has changed the size of value: expected ${formatShape(g.shape)}, got ${formatShape(r.shape)}`);
  }
  return r;
}

/** Missing output gradients of a multi-output node become zeros (PyTorch's materialize_grads). */
function materialize(node: Node, grads: GradList): GradList {
  if (!grads.some((g) => g === null)) return grads;
  const template = grads.find((g) => g !== null)!;
  const shapes = (node as { _outputShapes?: ReadonlyArray<readonly number[]> })._outputShapes;
  return grads.map((g, i) => g ?? template.newZeros(shapes?.[i] ?? template.shape));
}

/** A rule's gradient reduced to its input's shape and cast to its dtype. */
function conform(g: Tensor | null | undefined, node: Node, i: number): Tensor | null {
  const meta = node._inputMeta[i];
  if (!g || !meta || !node.nextFunctions[i]?.[0]) return null;
  if (!broadcastsTo(meta.shape, g.shape)) {
    throw new Error(
      `Function ${node.name} returned an invalid gradient at index ${i} - got ${formatShape(g.shape)} but expected shape compatible with ${formatShape(meta.shape)}`,
    );
  }
  let out = sumToShape(g, meta.shape);
  if (out.dtype !== meta.dtype) out = out.to(meta.dtype);
  return out;
}
