/** grad on its CPU backend, written as the tutorials write it: plain loops, no tidy. */
import { crossEntropy, memory, noGrad, ones, rand, registerBackend, tensor, tidy, zeros, type Tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { heapUsed } from '../harness.js';
import { CHAIN_C, MLP_LR, REGRESSION, SEEDS, randomArray, randomLabels, type Lib, type MemoryReport } from './types.js';

// One thread, as every peer here runs: the table compares single-thread kernels (on this machine the two
// virtual cores share their vector units, so a second thread does not speed up matmul anyway).
registerBackend(cpu({ threads: 1 }));

function liveTensors(): number {
  return memory().cpu?.tensors ?? 0;
}

/** The tutorial's regression state: x, y = 3x + 0.8, and the leaves w, b. */
export function regressionSetup() {
  const x = tensor(randomArray(REGRESSION.n, SEEDS.regressionX), { shape: [REGRESSION.n, 1] });
  const y = x.mul(REGRESSION.slope).add(REGRESSION.intercept);
  const w = rand([1, 1], { requiresGrad: true });
  const b = zeros(1, { requiresGrad: true });
  return { x, y, w, b };
}

/** One step, as the README teaches: loss, backward, the SGD update under noGrad, grads zeroed in place. */
export function regressionStep(s: ReturnType<typeof regressionSetup>): void {
  const { x, y, w, b } = s;
  const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
  loss.backward();
  noGrad(() => {
    w.sub_(w.grad!.mul(REGRESSION.lr));
    b.sub_(b.grad!.mul(REGRESSION.lr));
  });
  w.grad!.zero_();
  b.grad!.zero_();
}

/** An MLP (linear, relu, linear), cross-entropy and a plain SGD step; returns the step. */
export function mlpSetup({ batch, inputs, hidden, classes }: { batch: number; inputs: number; hidden: number; classes: number }): () => void {
  const input = tensor(randomArray(batch * inputs, SEEDS.mlpInput), { shape: [batch, inputs] });
  const target = tensor(randomLabels(batch, classes, SEEDS.mlpLabels), { shape: [batch] });
  const w1 = tensor(randomArray(inputs * hidden, SEEDS.mlpW1, 0.1, -0.5), { shape: [inputs, hidden], requiresGrad: true });
  const b1 = zeros(hidden, { requiresGrad: true });
  const w2 = tensor(randomArray(hidden * classes, SEEDS.mlpW2, 0.1, -0.5), { shape: [hidden, classes], requiresGrad: true });
  const b2 = zeros(classes, { requiresGrad: true });
  const params = [w1, b1, w2, b2];
  return () => {
    const logits = input.matmul(w1).add(b1).relu().matmul(w2).add(b2);
    crossEntropy(logits, target).backward();
    noGrad(() => {
      for (const p of params) p.sub_(p.grad!.mul(MLP_LR));
    });
    for (const p of params) p.grad!.zero_();
  };
}

async function memoryRun(variant: string, steps: number, step: (s: ReturnType<typeof regressionSetup>) => void): Promise<MemoryReport> {
  const s = regressionSetup();
  step(s); // the first step creates w.grad and b.grad: count from after it
  const heapBefore = await heapUsed();
  const tensorsBefore = liveTensors();
  for (let i = 0; i < steps; i++) step(s);
  const heapAfter = await heapUsed();
  return { variant, heapBefore, heapAfter, tensorsBefore, tensorsAfter: liveTensors(), steps };
}

export const grad: Lib = {
  name: 'grad (cpu)',
  regression: (steps) => () => () => {
    const s = regressionSetup();
    for (let i = 0; i < steps; i++) regressionStep(s);
  },
  matmul: (n) => () => {
    const a = tensor(randomArray(n * n, SEEDS.matA), { shape: [n, n], requiresGrad: true });
    const b = tensor(randomArray(n * n, SEEDS.matB), { shape: [n, n], requiresGrad: true });
    return () => {
      a.grad = null;
      b.grad = null;
      a.matmul(b).sum().backward();
    };
  },
  mlp: (sizes) => () => mlpSetup(sizes),
  tanh: (n) => () => {
    const x = tensor(randomArray(n, SEEDS.tanh, 2, -0.5), { requiresGrad: true });
    return () => {
      x.grad = null;
      x.mul(2).add(1).tanh().mul(x).sum().backward();
    };
  },
  chain: (n) => () => {
    const c = tensor(CHAIN_C);
    const x = ones([4], { requiresGrad: true });
    return () => {
      x.grad = null;
      let z: Tensor = x;
      for (let i = 0; i < n; i++) z = i % 2 ? z.add(c) : z.mul(c);
      z.sum().backward();
    };
  },
  memory: async (steps) => [
    await memoryRun('plain loop (as the README)', steps, regressionStep),
    await memoryRun('each step inside tidy()', steps, (s) => tidy(() => regressionStep(s))),
  ],
};
