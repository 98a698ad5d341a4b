import { tensor } from '@grad/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Adam, CosineAnnealingLR, LambdaLR, ReduceLROnPlateau, SGD, StepLR } from '../src/index.js';
import { useCpu } from './helpers.js';

/**
 * The bugs the optim review found (issue 14), each as PyTorch 1.13 shows it
 * (the fixtures "… after addParamGroup" and "… step(epoch)" hold the same
 * cases as real PyTorch ran them). Every test here failed before the fix.
 */
useCpu();
afterEach(() => vi.restoreAllMocks());

const param = () => tensor([1], { dtype: 'float64', requiresGrad: true });

describe('schedulers after optimizer.addParamGroup', () => {
  it('LambdaLR leaves the new group’s lr alone, and the next step works', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const sched = new LambdaLR(opt, { lrLambda: (e) => 0.5 ** e });
    opt.addParamGroup({ params: [param()], lr: 0.05 });
    sched.step(); // lr0 = 0.1·0.5; the new group has no lambda and no initial lr: PyTorch's zip skips it
    expect(sched.getLastLr()).toEqual([0.05, 0.05]);
    const w = opt.paramGroups[1]!.params[0]!;
    w.sum().backward();
    opt.step(); // used to throw "Cannot read properties of undefined (reading 'dtype')"
    expect(w.item()).toBeCloseTo(1 - 0.05, 15);
  });

  it('CosineAnnealingLR with tMax 1: [0.1, 0.0] at epoch 2, not [0.1, NaN]', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const sched = new CosineAnnealingLR(opt, { tMax: 1 });
    opt.addParamGroup({ params: [param()], lr: 0.05 });
    sched.step(); // epoch 1: both groups to η_min = 0 by the ratio (1 + cos π)/(1 + cos 0)
    sched.step(); // epoch 2, (2 − 1 − 1) mod 2 = 0: lr + (base − η_min)(1 − cos π)/2 for the groups with a base lr only
    expect(sched.getLastLr()).toEqual([0.1, 0]);
    const w = opt.paramGroups[1]!.params[0]!;
    w.sum().backward();
    opt.step();
    expect(w.item()).toBe(1);
  });

  it('ReduceLROnPlateau reduces the new group too, bounded by the scalar minLr (current PyTorch)', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const sched = new ReduceLROnPlateau(opt, { patience: 0, factor: 0.5, minLr: 0.03 });
    opt.addParamGroup({ params: [param()], lr: 0.2 });
    sched.step(1);
    sched.step(1); // a bad epoch > patience 0: both reduced, max(lr·0.5, 0.03)
    expect(sched.getLastLr()).toEqual([0.05, 0.1]);
    sched.step(1);
    sched.step(1);
    expect(sched.getLastLr()).toEqual([0.03, 0.03]);
    expect(sched.minLrs).toEqual([0.03, 0.03]);
  });

  it('ReduceLROnPlateau with per-group minLr refuses to guess the new group’s bound', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const sched = new ReduceLROnPlateau(opt, { patience: 0, minLr: [0.01] });
    opt.addParamGroup({ params: [param()], lr: 0.2 });
    sched.step(1);
    expect(() => sched.step(1)).toThrow(
      'The number of param groups in the optimizer (2) differs from when ReduceLROnPlateau was initialized (1)',
    );
  });
});

describe('scheduler.step(epoch)', () => {
  it('StepLR(stepSize 2, gamma 0.1).step(5): lastEpoch 5, lr 0.001 (the closed form), with PyTorch’s deprecation warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opt = new SGD([param()], { lr: 0.1 });
    const sched = new StepLR(opt, { stepSize: 2, gamma: 0.1 });
    sched.step(5);
    expect(sched.lastEpoch).toBe(5);
    expect(sched.getLastLr()[0]).toBeCloseTo(0.001, 17);
    expect(opt.paramGroups[0]!.lr).toBeCloseTo(0.001, 17);
    sched.step(); // and on from there: epoch 6 is a multiple of 2
    expect(sched.getLastLr()[0]).toBeCloseTo(0.0001, 17);
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1); // once per process, as Python's warning filter
  });

  it('ReduceLROnPlateau.step(metric, epoch) sets lastEpoch', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sched = new ReduceLROnPlateau(new SGD([param()], { lr: 0.1 }));
    sched.step(1, 7);
    expect(sched.lastEpoch).toBe(7);
  });
});

describe('options that used to be accepted and ignored', () => {
  it('verbose prints each change as PyTorch 1.13 does', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const opt = new SGD([param()], { lr: 0.1 });
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5, verbose: true });
    sched.step();
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'Adjusting learning rate of group 0 to 1.0000e-01.',
      'Adjusting learning rate of group 0 to 5.0000e-02.',
    ]);
    log.mockClear();
    const plateau = new ReduceLROnPlateau(opt, { patience: 0, verbose: true });
    plateau.step(1);
    plateau.step(2);
    expect(log.mock.calls.map((c) => c[0])).toEqual(['Epoch 00002: reducing learning rate of group 0 to 5.0000e-03.']);
  });

  it('foreach, fused and capturable are accepted and checked; differentiable: true is refused, not ignored', () => {
    const w = param();
    expect(() => new Adam([w], { foreach: true, fused: false, capturable: true, differentiable: false })).not.toThrow();
    expect(() => new Adam([w], { foreach: null })).not.toThrow();
    expect(() => new Adam([w], { foreach: 'yes' as never })).toThrow('Adam: foreach must be true or false (or null), got yes');
    expect(() => new SGD([w], { differentiable: true })).toThrow(/SGD: differentiable: true is not supported: step\(\) updates the parameters in place under noGrad/);
    expect(() => new Adam([{ params: [w], differentiable: true }])).toThrow(/differentiable: true is not supported/);
    // and they are not kept as if they were options of the update
    expect(Object.keys(new Adam([w], { foreach: true }).paramGroups[0]!)).not.toContain('foreach');
  });
});
