import { tensor, type Tensor } from '@grad/core';
import { describe, expect, it } from 'vitest';
import { Adam, ExponentialLR, LBFGS, SGD, StepLR } from '../src/index.js';
import { problem, useCpu } from './helpers.js';
import { makeOptimizer, readFixture, runOptimizerCase, worstDifference, type OptimizerCase } from './oracle-cases.js';

/**
 * A tensor-valued lr (PyTorch's `lr=torch.tensor(0.01)`): the update
 * multiplies by it on the device, so the step needs no host value, and a
 * scheduler changes it in place.
 */
useCpu();

const optimizers = readFixture<{ steps: number; cases: OptimizerCase[] }>('optimizers.json');

describe('tensor lr', () => {
  it.each(optimizers.cases.map((c) => [c.name, c] as const))('%s: a float64 tensor lr follows PyTorch’s trajectory', (_name, c) => {
    const p = problem();
    const opt = makeOptimizer(c, p, (v) => tensor(v, { dtype: 'float64' }));
    if (c.options.lr !== undefined) expect(opt.paramGroups.every((g) => typeof g.lr !== 'number')).toBe(true);
    const { out } = runOptimizerCase(c, optimizers.steps, p, opt);
    expect(worstDifference(out, c.trajectory)).toBeLessThanOrEqual(1e-11);
  });

  it('a scheduler fills the same tensor in place, and getLastLr reports numbers', () => {
    const lr = tensor(0.1, { dtype: 'float64' });
    const opt = new SGD([tensor([1], { dtype: 'float64', requiresGrad: true })], { lr });
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    sched.step();
    sched.step();
    expect(opt.paramGroups[0]!.lr).toBe(lr);
    expect(lr.item()).toBe(0.025);
    expect(sched.getLastLr()).toEqual([0.025]);
    expect(opt.paramGroups[0]!.initialLr).toBe(0.1);
    lr.fill_(1); // changed by hand (its version moves on): the next scheduler step reads it again
    sched.step(); // epoch 3 of stepSize 1: lr ← 0.5·lr
    expect(sched.getLastLr()).toEqual([0.5]);
    new ExponentialLR(opt, { gamma: 0.5, lastEpoch: 0 }); // resuming at epoch 0: its initial step is epoch 1, lr ← 0.5·lr
    expect(lr.item()).toBe(0.25);
  });

  it('is kept as a tensor through a state dict and JSON', () => {
    const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([w], { lr: tensor(0.01, { dtype: 'float64' }) });
    w.pow(2).sum().backward();
    opt.step();
    const sd = JSON.parse(JSON.stringify(opt.stateDict()));
    expect(sd.paramGroups[0].lr).toEqual({ shape: [], dtype: 'float64', data: [0.01] });
    const opt2 = new Adam([tensor([1, 2], { dtype: 'float64', requiresGrad: true })], { lr: 0.5 });
    opt2.loadStateDict(sd);
    const lr2 = opt2.paramGroups[0]!.lr as Tensor;
    expect(typeof lr2).toBe('object');
    expect(lr2.dtype).toBe('float64');
    expect(lr2.item()).toBe(0.01);
  });

  it('ASGD’s η, a tensor with a tensor lr, goes through a state dict too', () => {
    const c = optimizers.cases.find((x) => x.name === 'ASGD averaging') as OptimizerCase;
    const asTensor = (v: number) => tensor(v, { dtype: 'float64' });
    const p = problem();
    const opt = makeOptimizer(c, p, asTensor);
    const run = runOptimizerCase(c, 8, p, opt);
    const saved = JSON.parse(JSON.stringify(run.opt.stateDict()));
    expect(saved.state['0'].eta.shape).toEqual([]);
    const p2 = problem(run.p.values());
    const fresh = makeOptimizer(c, p2, asTensor);
    fresh.loadStateDict(saved);
    const rest = runOptimizerCase(c, optimizers.steps - 8, p2, fresh).out;
    expect(worstDifference(rest, c.trajectory.slice(8))).toBeLessThanOrEqual(1e-11);
  });

  it('must be one floating-point element, ≥ 0, not requiring grad; LBFGS reads it once per step', () => {
    const w = tensor([1], { requiresGrad: true });
    expect(() => new SGD([w], { lr: tensor([0.1, 0.2]) })).toThrow('Tensor lr must be 1-element, got one of shape [2]');
    expect(() => new SGD([w], { lr: tensor(1, { dtype: 'int32' }) })).toThrow('Tensor lr must be floating point, got dtype int32');
    expect(() => new SGD([w], { lr: tensor(-0.1) })).toThrow(/Invalid learning rate: -0.10000000149/);
    expect(() => new SGD([w], { lr: tensor(0.1, { requiresGrad: true }) })).toThrow('Tensor lr must not require grad');
    const xy = tensor([3], { dtype: 'float64', requiresGrad: true });
    const lbfgs = new LBFGS([xy], { lr: tensor(1, { dtype: 'float64' }) });
    lbfgs.step(() => {
      lbfgs.zeroGrad();
      const loss = xy.sub(1).pow(2).sum();
      loss.backward();
      return loss;
    });
    expect(xy.item()).toBeCloseTo(1, 6);
  });
});
