import type { GraphNode } from './types';

/** The backward graph reachable from one node, in discovery order. */
export interface Walk {
  /** Every node once, the root first, then depth-first in `nextFunctions` order. */
  readonly nodes: readonly GraphNode[];
  /** Each node's non-null `nextFunctions` entries, duplicates kept (`x.mul(x)` has two). */
  readonly children: ReadonlyMap<GraphNode, readonly GraphNode[]>;
  /** How many edges point at each node (the number of uses of its output). */
  readonly inDegree: ReadonlyMap<GraphNode, number>;
}

/**
 * Walks `root.nextFunctions` down to the leaves with an explicit stack (no
 * recursion, so a chain of 100,000 ops does not overflow the call stack),
 * visiting each node once however many paths reach it.
 */
export function walkGraph(root: GraphNode): Walk {
  const nodes: GraphNode[] = [];
  const children = new Map<GraphNode, GraphNode[]>();
  const inDegree = new Map<GraphNode, number>([[root, 0]]);
  const stack: GraphNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (children.has(node)) continue;
    const next: GraphNode[] = [];
    for (const entry of node.nextFunctions ?? []) {
      const child = entry?.[0];
      if (child === null || child === undefined) continue;
      next.push(child);
      inDegree.set(child, (inDegree.get(child) ?? 0) + 1);
    }
    children.set(node, next);
    nodes.push(node);
    // Reversed so the first input is popped, and numbered, first.
    for (let i = next.length - 1; i >= 0; i--) if (!children.has(next[i]!)) stack.push(next[i]!);
  }
  return { nodes, children, inDegree };
}

/**
 * The walked nodes ordered so that every node comes before the nodes it
 * feeds (leaves first, the root last): Kahn's algorithm on the reversed
 * edges, so values can be propagated from leaves towards the output.
 */
export function leavesFirst(walk: Walk): GraphNode[] {
  const remaining = new Map(walk.inDegree);
  const order: GraphNode[] = [];
  const ready: GraphNode[] = walk.nodes.filter((n) => (remaining.get(n) ?? 0) === 0);
  while (ready.length > 0) {
    const node = ready.pop()!;
    order.push(node);
    for (const child of walk.children.get(node) ?? []) {
      const left = (remaining.get(child) ?? 0) - 1;
      remaining.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  return order.reverse();
}
