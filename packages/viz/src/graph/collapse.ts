import type { Walk } from './walk';
import { nodeName, type GraphNode } from './types';

/** A run of the same op drawn as one box. */
export interface Chain {
  readonly name: string;
  readonly members: readonly GraphNode[];
}

/**
 * Finds chains to collapse: runs of at least `minRun` nodes of one name,
 * each the only consumer of the next (`x = x.add(1)` in a loop, or
 * `h = h.mul(w)` with a shared `w`). Side inputs of the members stay
 * visible as edges into the collapsed box. `AccumulateGrad` nodes are never
 * collapsed: each stands for a leaf the user may want to see.
 */
export function findChains(walk: Walk, minRun: number): Map<GraphNode, Chain> {
  const owner = new Map<GraphNode, Chain>();
  if (!(minRun >= 2)) return owner;
  const chainChild = (node: GraphNode): GraphNode | undefined => {
    const name = nodeName(node);
    let found: GraphNode | undefined;
    for (const child of walk.children.get(node) ?? []) {
      if (nodeName(child) !== name || walk.inDegree.get(child) !== 1) continue;
      if (found !== undefined && found !== child) return undefined;
      found = child;
    }
    return found;
  };
  const continues = new Set<GraphNode>();
  for (const node of walk.nodes) {
    if (nodeName(node) === 'AccumulateGrad') continue;
    const child = chainChild(node);
    if (child !== undefined) continues.add(child);
  }
  for (const node of walk.nodes) {
    // A chain starts at a node that does not continue its parent's chain.
    if (continues.has(node) || nodeName(node) === 'AccumulateGrad') continue;
    const members: GraphNode[] = [node];
    const seen = new Set(members);
    let next = chainChild(node);
    while (next !== undefined && !seen.has(next)) {
      members.push(next);
      seen.add(next);
      next = chainChild(next);
    }
    if (members.length >= minRun) {
      const chain = { name: nodeName(node), members };
      for (const m of members) owner.set(m, chain);
    }
  }
  return owner;
}
