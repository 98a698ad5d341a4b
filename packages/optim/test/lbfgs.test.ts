import { tensor, type Tensor } from '@grad/core';
import { describe, expect, it } from 'vitest';
import { LBFGS } from '../src/index.js';
import { gradient, lossValue, problem, useCpu, A0, B0, C0 } from './helpers.js';
import { referenceLbfgs } from './lbfgs-reference.js';

useCpu();

/** f and ∇f of the test problem over the flat vector [a, b, c]. */
function fg(x: number[]): [number, number[]] {
  const parts = [x.slice(0, 3), x.slice(3, 6), x.slice(6, 10)];
  return [lossValue(parts), gradient(parts).flat()];
}

const cases = [
  { lr: 0.2, historySize: 100, lineSearchFn: null, maxIter: 5 },
  { lr: 0.2, historySize: 2, lineSearchFn: null, maxIter: 4 },
  { lr: 1, historySize: 100, lineSearchFn: 'strong_wolfe', maxIter: 5 },
  { lr: 1, historySize: 3, lineSearchFn: 'strong_wolfe', maxIter: 4 },
  { lr: 0.5, historySize: 5, lineSearchFn: 'strong_wolfe', maxIter: 20 },
] as const;

describe('LBFGS follows PyTorch’s algorithm', () => {
  it.each(cases.map((o) => [JSON.stringify(o), o] as const))('%s', (_name, o) => {
    const p = problem();
    const opt = new LBFGS(p.params, { lr: o.lr, historySize: o.historySize, lineSearchFn: o.lineSearchFn, maxIter: o.maxIter });
    const closure = (): Tensor => {
      opt.zeroGrad();
      const loss = p.loss();
      loss.backward();
      return loss;
    };
    const ref = referenceLbfgs(fg, [...A0, ...B0, ...C0.flat()], {
      lr: o.lr,
      maxIter: o.maxIter,
      maxEval: Math.floor((o.maxIter * 5) / 4),
      toleranceGrad: 1e-7,
      toleranceChange: 1e-9,
      historySize: o.historySize,
      lineSearch: o.lineSearchFn !== null,
    });
    // ≥ 20 iterations in all: several step() calls, each of up to maxIter iterations
    const calls = Math.ceil(24 / o.maxIter);
    for (let k = 0; k < calls; k++) {
      const loss = opt.step(closure);
      const expectedLoss = ref.step();
      expect(loss.item()).toBeCloseTo(expectedLoss, 9);
      expect(p.values().flat(), `after step ${k + 1}`).toBeAllClose(ref.x(), { rtol: 1e-9, atol: 1e-9 });
    }
    const state = opt.stateDict().state['0'] as Record<string, unknown>;
    expect(state.nIter).toBe(ref.state.nIter);
    expect(state.funcEvals).toBe(ref.state.funcEvals);
  });
});

describe('LBFGS minimises the Rosenbrock function', () => {
  // f(x, y) = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1)
  const rosenbrock = (x: Tensor, y: Tensor): Tensor => x.neg().add(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));

  it('with the strong-Wolfe line search, from (−1.5, 2)', () => {
    const x = tensor(-1.5, { dtype: 'float64', requiresGrad: true });
    const y = tensor(2, { dtype: 'float64', requiresGrad: true });
    const opt = new LBFGS([x, y], { lineSearchFn: 'strong_wolfe', maxIter: 100, toleranceGrad: 1e-10, toleranceChange: 1e-14 });
    const closure = () => {
      opt.zeroGrad();
      const loss = rosenbrock(x, y);
      loss.backward();
      return loss;
    };
    for (let i = 0; i < 5; i++) opt.step(closure);
    expect(x.item()).toBeCloseTo(1, 6);
    expect(y.item()).toBeCloseTo(1, 6);
    expect(rosenbrock(x, y).item()).toBeLessThan(1e-10);
  });

  it('with a fixed step, in float32, from (−1.2, 1)', () => {
    const xy = tensor([-1.2, 1], { requiresGrad: true });
    const opt = new LBFGS([xy], { lr: 0.2, maxIter: 50, historySize: 10 });
    const closure = () => {
      opt.zeroGrad();
      const loss = rosenbrock(xy.select(0, 0), xy.select(0, 1));
      loss.backward();
      return loss;
    };
    for (let i = 0; i < 40; i++) opt.step(closure);
    expect(xy).toBeAllClose([1, 1], { atol: 1e-2, rtol: 0 });
  });
});

describe('LBFGS details', () => {
  it('returns at once, after one evaluation, at a stationary point', () => {
    const w = tensor([1, 1], { dtype: 'float64', requiresGrad: true });
    const opt = new LBFGS([w]);
    let calls = 0;
    const loss = opt.step(() => {
      calls++;
      opt.zeroGrad();
      const l = w.sub(1).pow(2).sum();
      l.backward();
      return l;
    });
    expect(calls).toBe(1);
    expect(loss.item()).toBe(0);
    expect(w.tolist()).toEqual([1, 1]);
  });

  it('accepts a closure that returns a number', () => {
    const w = tensor([3], { dtype: 'float64', requiresGrad: true });
    const opt = new LBFGS([w], { lineSearchFn: 'strong_wolfe' });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = w.sub(1).pow(2).sum();
      l.backward();
      return l.item();
    });
    expect(loss).toBe(4);
    expect(w.item()).toBeCloseTo(1, 9);
  });
});
