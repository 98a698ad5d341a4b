import { registerBackend, tensor, type Tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { gpujs, isModeAvailable } from '@grad/backend-gpujs';
import { describe, expect, it } from 'vitest';
import { ASGD, Adadelta, Adagrad, Adam, AdamW, Adamax, LBFGS, NAdam, RAdam, RMSprop, Rprop, SGD, type Optimizer } from '../src/index.js';

/**
 * The optimizers use only public tensor ops, so they run on another backend
 * unchanged: on gpu.js (its WebAssembly mode, which runs everywhere) they
 * follow the CPU backend's trajectory to float32 tolerance, and `step()`
 * reads nothing back to the host.
 */
registerBackend(cpu());

type Make = (params: Tensor[]) => Optimizer<any, any>;
const makers: Array<[string, Make]> = [
  ['SGD', (p) => new SGD(p, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adam', (p) => new Adam(p, { lr: 0.05, amsgrad: true, weightDecay: 0.01 })],
  ['AdamW', (p) => new AdamW(p, { lr: 0.05 })],
  ['RMSprop', (p) => new RMSprop(p, { lr: 0.01, centered: true, momentum: 0.5 })],
  ['Adagrad', (p) => new Adagrad(p, { lr: 0.1, lrDecay: 0.01 })],
  ['Adadelta', (p) => new Adadelta(p, { lr: 1, weightDecay: 0.01 })],
  ['Adamax', (p) => new Adamax(p, { lr: 0.05, weightDecay: 0.01 })],
  ['NAdam', (p) => new NAdam(p, { lr: 0.05, weightDecay: 0.01, decoupledWeightDecay: true })],
  ['RAdam', (p) => new RAdam(p, { lr: 0.05, betas: [0.9, 0.9] })],
  ['Rprop', (p) => new Rprop(p, { lr: 0.01 })],
  ['ASGD', (p) => new ASGD(p, { lr: 0.01, t0: 5 })],
  // a tensor lr lives on the parameters' device: the update multiplies by it there
  ['Adam, tensor lr', (p) => new Adam(p, { lr: tensor(0.05, { device: p[0]!.device }), weightDecay: 0.01 })],
  ['AdamW, tensor lr', (p) => new AdamW(p, { lr: tensor(0.05, { device: p[0]!.device }) })],
  ['NAdam, tensor lr', (p) => new NAdam(p, { lr: tensor(0.05, { device: p[0]!.device }) })],
  ['ASGD, tensor lr', (p) => new ASGD(p, { lr: tensor(0.01, { device: p[0]!.device }), t0: 5 })],
  ['Rprop, tensor lr', (p) => new Rprop(p, { lr: tensor(0.01, { device: p[0]!.device }) })],
];

/** f(w, b) = Σ (w − 1)⁴ + Σ (b + 0.5)²·w₀², trained for 15 steps; the values after each step, and host reads per step. */
function train(device: string, make: Make) {
  const w = tensor([0.2, -0.7, 1.9], { device, requiresGrad: true });
  const b = tensor([[0.3, -0.1], [0.8, 0.0]], { device, requiresGrad: true });
  const opt = make([w, b]);
  const out: number[][] = [];
  const reads: number[] = [];
  for (let t = 0; t < 15; t++) {
    opt.zeroGrad();
    const loss = w.sub(1).pow(4).sum().add(b.add(0.5).pow(2).sum().mul(w.select(0, 0).pow(2)));
    loss.backward();
    const before = device === 'gpujs' ? transfers() : 0;
    opt.step();
    reads.push(device === 'gpujs' ? transfers() - before : 0);
    out.push([...(w.tolist() as number[]), ...(b.reshape(-1).tolist() as number[])]);
  }
  return { out, reads };
}

let backend: ReturnType<typeof gpujs> | undefined;
const transfers = () => backend?.transfers ?? 0;

describe.runIf(isModeAvailable('webasm'))('optimizers on the gpujs backend (webasm)', () => {
  it.each(makers)('%s follows the cpu trajectory and reads nothing back in step()', (_name, make) => {
    const want = train('cpu', make).out;
    backend = gpujs({ mode: 'webasm' });
    registerBackend(backend);
    registerBackend(cpu()); // the default stays cpu; the tensors above ask for gpujs
    try {
      const got = train('gpujs', make);
      expect(got.reads).toEqual(new Array(15).fill(0));
      got.out.forEach((v, t) => expect(v, `step ${t + 1}`).toBeAllClose(want[t], { rtol: 1e-4, atol: 1e-5 }));
    } finally {
      backend.destroy();
      backend = undefined;
    }
  });

  it('LBFGS runs there too', () => {
    backend = gpujs({ mode: 'webasm' });
    registerBackend(backend);
    try {
      const xy = tensor([-1.2, 1], { device: 'gpujs', requiresGrad: true });
      const opt = new LBFGS([xy], { lineSearchFn: 'strong_wolfe', maxIter: 50 });
      const closure = () => {
        opt.zeroGrad();
        const [x, y] = [xy.select(0, 0), xy.select(0, 1)];
        const loss = x.neg().add(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));
        loss.backward();
        return loss;
      };
      for (let i = 0; i < 3; i++) opt.step(closure);
      expect(xy.device).toBe('gpujs');
      expect(xy).toBeAllClose([1, 1], { atol: 1e-2, rtol: 0 });
    } finally {
      backend.destroy();
      backend = undefined;
    }
  });
});
