/**
 * The parts of grad's `Tensor` and graph `Node` that the drawings read,
 * taken structurally: core's classes satisfy them, and so does a hand-made
 * graph in a test or from another tool.
 */

/** A tensor as the graph drawings see it. */
export interface GraphTensor {
  readonly shape: readonly number[];
  readonly gradFn: GraphNode | null;
  readonly requiresGrad: boolean;
  /** Read only on leaves: core warns when `.grad` of a non-leaf is read. */
  readonly isLeaf?: boolean;
  readonly grad?: GraphTensor | null;
  readonly dtype?: string;
  tolist?(): unknown;
}

/** A backward node (`gradFn`), as PyTorch's: `name`, `nextFunctions`, and for `AccumulateGrad`, `variable`. */
export interface GraphNode {
  readonly name: string;
  readonly nextFunctions: ReadonlyArray<readonly [GraphNode | null, number]>;
  /** What the node saved for backward; reading it may throw once backward freed them. */
  readonly savedTensors?: ReadonlyArray<GraphTensor>;
  /** The leaf tensor of an `AccumulateGrad` node. */
  readonly variable?: GraphTensor;
}

/** The node's PyTorch name, whether core exposes it as a property or a method. */
export function nodeName(node: GraphNode): string {
  const name: unknown = (node as { name: unknown }).name;
  if (typeof name === 'function') return String((name as () => unknown).call(node));
  if (typeof name === 'string') return name;
  return node.constructor?.name ?? 'Node';
}
