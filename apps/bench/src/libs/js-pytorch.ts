/**
 * js-pytorch 0.7.2 on its CPU path: nested JavaScript arrays of float64 and a
 * recursive backward. It has no SGD optimizer, so the update writes `_data`
 * from `_grad` directly (what its Adam does, without the moments). It has no
 * `tanh` either: the tanh row composes it from `exp`.
 */
import { torch } from 'js-pytorch';
import { heapUsed } from '../harness.js';
import { CHAIN_C, MLP_LR, REGRESSION, SEEDS, randomArray, randomLabels, type Lib } from './types.js';

type JsTensor = InstanceType<typeof torch.Tensor>;
type Nested = number | Nested[];

/** Nested rows of a flat array (js-pytorch takes nested arrays only). */
function nest(flat: ArrayLike<number>, shape: readonly number[]): Nested[] {
  if (shape.length === 1) return Array.from(flat);
  const [rows, ...rest] = shape as [number, ...number[]];
  const size = flat.length / rows;
  return Array.from({ length: rows }, (_, r) => nest(Array.prototype.slice.call(flat, r * size, (r + 1) * size), rest));
}

function sgd(data: Nested[], grad: Nested[], lr: number): void {
  for (let i = 0; i < data.length; i++) {
    const d = data[i]!;
    if (typeof d === 'number') data[i] = d - lr * (grad[i] as number);
    else sgd(d, grad[i] as Nested[], lr);
  }
}

function step(params: JsTensor[], lr: number): void {
  for (const p of params) {
    sgd(p._data, p._grad._data, lr);
    p.zero_grad();
  }
}

function regressionSetup() {
  const x = torch.tensor(nest(randomArray(REGRESSION.n, SEEDS.regressionX), [REGRESSION.n, 1]));
  const y = x.mul(REGRESSION.slope).add(REGRESSION.intercept);
  const w = torch.rand([1, 1], true);
  const b = torch.zeros([1], true);
  return { x, y, w, b };
}

function regressionStep(s: ReturnType<typeof regressionSetup>): void {
  const { x, y, w, b } = s;
  x.matmul(w).add(b).sub(y).pow(2).mean().backward();
  step([w, b], REGRESSION.lr);
}

export const jsPytorch: Lib = {
  name: 'js-pytorch',
  matmul: (n) => () => {
    const a = torch.tensor(nest(randomArray(n * n, SEEDS.matA), [n, n]), true);
    const b = torch.tensor(nest(randomArray(n * n, SEEDS.matB), [n, n]), true);
    return () => {
      a.zero_grad();
      b.zero_grad();
      a.matmul(b).sum().backward();
    };
  },
  tanh: (n) => () => {
    const x = torch.tensor(Array.from(randomArray(n, SEEDS.tanh, 2, -0.5)), true);
    return () => {
      x.zero_grad();
      // js-pytorch has no tanh: tanh(z) = 1 − 2/(e^{2z} + 1), with z = 2x + 1
      const z = x.mul(2).add(1);
      z.mul(2).exp().add(1).pow(-1).mul(-2).add(1).mul(x).sum().backward();
    };
  },
  regression: (steps) => () => () => {
    const s = regressionSetup();
    for (let i = 0; i < steps; i++) regressionStep(s);
  },
  chain: (n) => () => {
    const c = torch.tensor(CHAIN_C);
    const x = torch.ones([4], true);
    return () => {
      x.zero_grad();
      let z = x;
      for (let i = 0; i < n; i++) z = i % 2 ? z.add(c) : z.mul(c);
      z.sum().backward();
    };
  },
  mlp: ({ batch, inputs, hidden, classes }) => () => {
    const lr = MLP_LR;
    const input = torch.tensor(nest(randomArray(batch * inputs, SEEDS.mlpInput), [batch, inputs]));
    const target = torch.tensor(Array.from(randomLabels(batch, classes, SEEDS.mlpLabels)));
    const l1 = new torch.nn.Linear(inputs, hidden);
    const relu = new torch.nn.ReLU();
    const l2 = new torch.nn.Linear(hidden, classes);
    const lossFn = new torch.nn.CrossEntropyLoss();
    const params = [l1.W, l1.b, l2.W, l2.b];
    return () => {
      lossFn.forward(l2.forward(relu.forward(l1.forward(input))), target).backward();
      step(params, lr);
    };
  },
  memory: async (steps) => {
    const s = regressionSetup();
    regressionStep(s);
    const heapBefore = await heapUsed();
    for (let i = 0; i < steps; i++) regressionStep(s);
    return [{ variant: 'plain loop (no tensor count)', heapBefore, heapAfter: await heapUsed(), steps }];
  },
};
