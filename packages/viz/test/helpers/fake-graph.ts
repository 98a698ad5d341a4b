import type { GraphNode, GraphTensor } from '../../src/index';

/**
 * A hand-made autograd graph with PyTorch's shape (names, nextFunctions,
 * AccumulateGrad.variable, savedTensors), to test the drawings apart from
 * core's arithmetic.
 */
export class FakeTensor implements GraphTensor {
  gradFn: FakeNode | null = null;
  grad: FakeTensor | null = null;
  constructor(
    readonly shape: number[],
    readonly values: number[] = [],
    readonly requiresGrad = false,
  ) {}
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  tolist(): unknown {
    return this.values;
  }
}

export class FakeNode implements GraphNode {
  readonly nextFunctions: Array<[FakeNode | null, number]>;
  variable?: FakeTensor;
  saved: FakeTensor[] | 'freed' = [];
  constructor(
    readonly name: string,
    inputs: Array<FakeNode | null>,
  ) {
    this.nextFunctions = inputs.map((n) => [n, 0]);
  }
  get savedTensors(): readonly FakeTensor[] {
    if (this.saved === 'freed') throw new Error('Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed).');
    return this.saved;
  }
}

/** A leaf that requires grad, with its AccumulateGrad node. */
export function leaf(shape: number[], values: number[] = []): { t: FakeTensor; acc: FakeNode } {
  const t = new FakeTensor(shape, values, true);
  const acc = new FakeNode('AccumulateGrad', []);
  acc.variable = t;
  return { t, acc };
}

/** The result of an op: a tensor whose gradFn is a node of `name` over `inputs`. */
export function result(name: string, shape: number[], inputs: Array<FakeNode | null>, values: number[] = []): FakeTensor {
  const t = new FakeTensor(shape, values, true);
  t.gradFn = new FakeNode(name, inputs);
  return t;
}
