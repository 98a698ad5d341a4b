import type { Tensor } from '@grad/core';
import { toNumbers } from '../plot/values';
import { findChains, type Chain } from './collapse';
import { shortNumber } from '../format';
import { shapeText, tensorStats, type TensorStats } from './stats';
import { nodeName, type GraphNode, type GraphTensor } from './types';
import { leavesFirst, walkGraph } from './walk';

/** Options shared by {@link toDot} and {@link toMermaid}. */
export interface GraphOptions {
  /** Names for leaf tensors (matched by identity), as torchviz's `params=dict(model.named_parameters())`. */
  readonly params?: Readonly<Record<string, Tensor | GraphTensor>>;
  /** Draw each node's saved tensors (orange, linked with undirected edges), as torchviz's `show_saved`. */
  readonly showSaved?: boolean;
  /**
   * Annotate the graph with values from the last backward pass: each leaf's
   * gradient norm and NaN/Inf counts, and a dashed red border on leaves and
   * nodes that got no gradient. `'auto'` (the default) does so when any
   * leaf has a `.grad`.
   */
  readonly showValues?: boolean | 'auto';
  /**
   * Draw runs of at least this many nodes of the same op, each the only
   * consumer of the next, as one box `AddBackward0 ×N` (default 4);
   * `false` draws every node.
   */
  readonly collapse?: number | false;
  /** A name for the output tensor's box (default: its name in `params`, else none, as torchviz). */
  readonly outputName?: string;
}

/** What a box stands for. */
export type GraphElementKind = 'output' | 'function' | 'collapsed' | 'accumulate' | 'variable' | 'saved' | 'freed';

/** One box of the drawing. */
export interface GraphElement {
  readonly id: string;
  readonly kind: GraphElementKind;
  /** The label, one entry per line; the first is the op or tensor name. */
  readonly lines: readonly string[];
  /** After backward: no gradient reached it. */
  readonly noGrad: boolean;
  /** After backward: its gradient (leaves) or value (saved tensors) holds NaN or Inf. */
  readonly nonFinite: boolean;
}

/** One arrow, in torchviz's direction: from an input's node to the node that consumes it. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** `'saved'` edges link a saved tensor to its node and have no arrowhead. */
  readonly kind: 'flow' | 'saved';
  /** The gradient did not flow along it (after backward). */
  readonly noGrad: boolean;
}

/** The drawing, independent of its text format. */
export interface GraphModel {
  readonly elements: readonly GraphElement[];
  readonly edges: readonly GraphEdge[];
  /** Whether values from backward are shown. */
  readonly values: boolean;
}

function isTensorLike(value: unknown): value is GraphTensor {
  return typeof value === 'object' && value !== null && Array.isArray((value as GraphTensor).shape) && 'gradFn' in value;
}

/**
 * Builds the drawing of the backward graph behind `output`: one element per
 * `gradFn` node, the leaf tensors that `AccumulateGrad` nodes feed, the
 * output tensor itself, and optionally saved tensors.
 */
export function buildGraph(output: Tensor | GraphTensor, options: GraphOptions = {}, where = 'toDot'): GraphModel {
  if (!isTensorLike(output)) throw new TypeError(`${where}: expected a Tensor, got ${output === null ? 'null' : typeof output}`);
  if (output.gradFn === null && !output.requiresGrad) {
    throw new Error(
      `${where}: the output has no graph to draw: its gradFn is null and it does not require grad ` +
        `(shape ${shapeText(output.shape)}). It was made from tensors that do not require grad, under noGrad, or by detach(); ` +
        `create the inputs with { requiresGrad: true } to record a graph.`,
    );
  }
  const names = new Map<GraphTensor, string>();
  for (const [name, t] of Object.entries(options.params ?? {})) if (isTensorLike(t)) names.set(t, name);

  const elements: GraphElement[] = [];
  const edges: GraphEdge[] = [];
  const outputLines = [options.outputName ?? names.get(output), shapeText(output.shape)].filter((l): l is string => !!l);

  if (output.gradFn === null) {
    // A leaf that requires grad: a graph of one box, as torchviz draws it.
    elements.push({ id: 'out', kind: 'output', lines: outputLines, noGrad: false, nonFinite: false });
    return { elements, edges, values: false };
  }

  const walk = walkGraph(output.gradFn);
  const chains = options.collapse === false ? new Map<GraphNode, Chain>() : findChains(walk, options.collapse ?? 4);
  const ids = new Map<GraphNode, string>();
  walk.nodes.forEach((node, i) => ids.set(node, `n${i}`));
  const chainId = new Map<Chain, string>();
  const elementOf = (node: GraphNode): string => {
    const chain = chains.get(node);
    if (!chain) return ids.get(node)!;
    let id = chainId.get(chain);
    if (id === undefined) chainId.set(chain, (id = ids.get(chain.members[0]!)!));
    return id;
  };

  // Which leaves received a gradient, and which nodes lead to one.
  const leafGrad = new Map<GraphNode, GraphTensor | null>();
  for (const node of walk.nodes) {
    const v = node.variable;
    if (nodeName(node) === 'AccumulateGrad' && v && (v.isLeaf ?? true)) leafGrad.set(node, v.grad ?? null);
  }
  const anyGrad = [...leafGrad.values()].some((g) => g !== null && g !== undefined);
  const values = options.showValues === 'auto' || options.showValues === undefined ? anyGrad : options.showValues;
  const flows = new Map<GraphNode, boolean>();
  for (const node of leavesFirst(walk)) {
    const grad = leafGrad.get(node);
    const own = grad !== undefined && grad !== null;
    flows.set(node, own || (walk.children.get(node) ?? []).some((c) => flows.get(c)));
  }
  const noGrad = (node: GraphNode) => values && !flows.get(node);

  elements.push({ id: 'out', kind: 'output', lines: [...outputLines, ...(values ? scalarValue(output) : [])], noGrad: false, nonFinite: false });
  edges.push({ from: elementOf(output.gradFn), to: 'out', kind: 'flow', noGrad: noGrad(output.gradFn) });

  let variables = 0;
  let saved = 0;
  const emitted = new Set<string>();
  const edgeKeys = new Set<string>();
  for (const node of walk.nodes) {
    const id = elementOf(node);
    const chain = chains.get(node);
    if (!emitted.has(id)) {
      emitted.add(id);
      if (chain) {
        const cut = values && chain.members.every((m) => !flows.get(m));
        elements.push({ id, kind: 'collapsed', lines: [`${chain.name} ×${chain.members.length}`], noGrad: cut, nonFinite: false });
      } else {
        const kind = nodeName(node) === 'AccumulateGrad' ? 'accumulate' : 'function';
        elements.push({ id, kind, lines: [nodeName(node)], noGrad: noGrad(node), nonFinite: false });
      }
    }
    if (node.variable && nodeName(node) === 'AccumulateGrad') {
      const v = node.variable;
      const vid = `v${variables++}`;
      const lines = [names.get(v), shapeText(v.shape)].filter((l): l is string => !!l);
      let nonFinite = false;
      if (values) {
        const grad = v.grad ?? null;
        const stats = grad ? tensorStats(grad) : undefined;
        if (!grad) lines.push('no grad');
        else if (stats) {
          lines.push(`grad norm ${shortNumber(stats.norm)}`);
          if (stats.nan > 0 || stats.inf > 0) {
            lines.push(countText(stats));
            nonFinite = true;
          }
        }
      }
      elements.push({ id: vid, kind: 'variable', lines, noGrad: values && !v.grad, nonFinite });
      edges.push({ from: vid, to: id, kind: 'flow', noGrad: values && !v.grad });
    }
    for (const child of walk.children.get(node) ?? []) {
      const from = elementOf(child);
      if (from === id) continue; // inside a collapsed chain
      const edge: GraphEdge = { from, to: id, kind: 'flow', noGrad: noGrad(child) };
      if (chain || chains.has(child)) {
        // Side inputs shared by a chain's members get one arrow, not one per member.
        const key = `${from}->${id}`;
        if (edgeKeys.has(key)) continue;
        edgeKeys.add(key);
      }
      edges.push(edge);
    }
    if (options.showSaved && !chain) {
      let tensors: ReadonlyArray<GraphTensor> | undefined;
      try {
        tensors = node.savedTensors;
      } catch {
        const sid = `s${saved++}`;
        elements.push({ id: sid, kind: 'freed', lines: ['saved tensors', 'freed by backward'], noGrad: false, nonFinite: false });
        edges.push({ from: sid, to: id, kind: 'saved', noGrad: false });
        continue;
      }
      (tensors ?? []).forEach((t, i) => {
        if (!isTensorLike(t)) return;
        const sid = `s${saved++}`;
        const lines = [names.get(t) ?? `saved[${i}]`, shapeText(t.shape)];
        const stats = values ? tensorStats(t) : undefined;
        const bad = !!stats && (stats.nan > 0 || stats.inf > 0);
        if (stats && bad) lines.push(countText(stats));
        elements.push({ id: sid, kind: 'saved', lines, noGrad: false, nonFinite: bad });
        edges.push({ from: sid, to: id, kind: 'saved', noGrad: false });
      });
    }
  }
  return { elements, edges, values };
}

function countText(stats: TensorStats): string {
  return [stats.nan > 0 ? `NaN ×${stats.nan}` : '', stats.inf > 0 ? `Inf ×${stats.inf}` : ''].filter(Boolean).join(', ');
}

/** `= 40.5` for a one-element output, so the loss value sits in the drawing. */
function scalarValue(t: GraphTensor): string[] {
  if (t.shape.reduce((a, b) => a * b, 1) !== 1 || typeof t.tolist !== 'function') return [];
  try {
    const [v] = toNumbers({ tolist: () => t.tolist!() });
    return v === undefined ? [] : [`= ${shortNumber(v)}`];
  } catch {
    return [];
  }
}
