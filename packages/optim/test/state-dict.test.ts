import { tensor, type Tensor } from '@grad/core';
import { describe, expect, it } from 'vitest';
import { Adagrad, Adam, AdamW, LBFGS, RMSprop, SGD, type Optimizer } from '../src/index.js';
import { problem, useCpu, type Problem } from './helpers.js';

useCpu();

type Make = (params: Tensor[][]) => Optimizer<any, any>;

// Each optimizer with its stateful options on, over two groups ([a, c] and [b]).
const makers: Array<[string, Make]> = [
  ['SGD (nesterov)', ([g0, g1]) => new SGD([{ params: g0! }, { params: g1!, lr: 0.003 }], { lr: 0.005, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adam (amsgrad)', ([g0, g1]) => new Adam([{ params: g0! }, { params: g1!, lr: 0.02 }], { lr: 0.05, amsgrad: true })],
  ['AdamW', ([g0, g1]) => new AdamW([{ params: g0! }, { params: g1!, betas: [0.8, 0.9] }], { lr: 0.05 })],
  ['RMSprop (centered, momentum)', ([g0, g1]) => new RMSprop([{ params: g0! }, { params: g1! }], { lr: 0.01, centered: true, momentum: 0.5 })],
  ['Adagrad', ([g0, g1]) => new Adagrad([{ params: g0! }, { params: g1! }], { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
];

function train(p: Problem, opt: Optimizer<any, any>, steps: number): number[][][] {
  const out: number[][][] = [];
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    p.loss().backward();
    opt.step();
    out.push(p.values());
  }
  return out;
}

describe('a state dict saved mid-training continues the same trajectory', () => {
  it.each(makers)('%s', (_name, make) => {
    const p = problem();
    const opt = make([[p.a, p.c], [p.b]]);
    train(p, opt, 10);
    // save: through JSON, as if written to disk and read in another process
    const saved = JSON.parse(JSON.stringify(opt.stateDict()));
    const savedValues = p.values();
    const continued = train(p, opt, 15);

    const fresh = problem(savedValues);
    // a fresh optimizer built with other options: the dict's options win
    const resumed = make([[fresh.a, fresh.c], [fresh.b]]);
    resumed.paramGroups.forEach((g) => (g.lr = 123));
    resumed.loadStateDict(saved);
    expect(resumed.paramGroups.map((g) => g.lr)).toEqual(opt.paramGroups.map((g) => g.lr));
    expect(resumed.paramGroups[1]!.params[0]).toBe(fresh.b);
    expect(train(fresh, resumed, 15)).toEqual(continued);
  });

  it('LBFGS', () => {
    const p = problem();
    const closureFor = (q: Problem, o: Optimizer<any, any>) => () => {
      o.zeroGrad();
      const loss = q.loss();
      loss.backward();
      return loss;
    };
    const opt = new LBFGS(p.params, { lineSearchFn: 'strong_wolfe', maxIter: 3, historySize: 4 });
    for (let i = 0; i < 3; i++) opt.step(closureFor(p, opt));
    const saved = JSON.parse(JSON.stringify(opt.stateDict()));
    const savedValues = p.values();
    const continued: number[][][] = [];
    for (let i = 0; i < 3; i++) {
      opt.step(closureFor(p, opt));
      continued.push(p.values());
    }
    const fresh = problem(savedValues);
    const resumed = new LBFGS(fresh.params, { lineSearchFn: 'strong_wolfe', maxIter: 3, historySize: 4 });
    resumed.loadStateDict(saved);
    const again: number[][][] = [];
    for (let i = 0; i < 3; i++) {
      resumed.step(closureFor(fresh, resumed));
      again.push(fresh.values());
    }
    expect(again).toEqual(continued);
  });
});

describe('state dict layout', () => {
  it('is PyTorch’s: state keyed by parameter index, groups listing indices', () => {
    const w = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
    const b = tensor([0.5], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([{ params: [w] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    w.sum().add(b.sum()).backward();
    opt.step();
    const sd = opt.stateDict();
    expect(sd.optimizer).toBe('SGD');
    expect(sd.paramGroups).toEqual([
      { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [0] },
      { lr: 0.5, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [1] },
    ]);
    // b₁ = g: all ones
    expect(sd.state).toEqual({
      0: { momentumBuffer: { shape: [2, 2], dtype: 'float64', data: [1, 1, 1, 1] } },
      1: { momentumBuffer: { shape: [1], dtype: 'float64', data: [1] } },
    });
    // the dict is a copy: stepping again leaves it alone
    w.grad = null;
    opt.step();
    expect((sd.state['0'] as any).momentumBuffer.data).toEqual([1, 1, 1, 1]);
  });

  it('keeps Adam’s step count as a number, and non-finite values through JSON', () => {
    const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([w], { lr: 0.1 });
    w.pow(2).sum().backward();
    opt.step();
    opt.step();
    const sd = JSON.parse(JSON.stringify(opt.stateDict()));
    expect(sd.state['0'].step).toBe(2);
    expect(sd.state['0'].expAvg.shape).toEqual([2]);
    // a NaN or infinite element survives the round trip
    const state = opt.state.get(w)!;
    state.expAvgSq.fill_(Infinity);
    const sd2 = JSON.parse(JSON.stringify(opt.stateDict()));
    expect(sd2.state['0'].expAvgSq.data).toEqual(['Infinity', 'Infinity']);
    const fresh = new Adam([tensor([1, 2], { dtype: 'float64', requiresGrad: true })]);
    fresh.loadStateDict(sd2);
    expect([...fresh.state.values()][0]!.expAvgSq.tolist()).toEqual([Infinity, Infinity]);
  });

  it('casts loaded state to the parameter’s dtype', () => {
    const w64 = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([w64], { lr: 0.1, momentum: 0.9 });
    w64.pow(2).sum().backward();
    opt.step();
    const w32 = tensor([1, 2], { requiresGrad: true });
    const opt32 = new SGD([w32], { lr: 0.1, momentum: 0.9 });
    opt32.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())));
    expect(opt32.state.get(w32)!.momentumBuffer!.dtype).toBe('float32');
  });
});
