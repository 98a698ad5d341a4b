import { tensor } from '@grad/core';
import { describe, expect, it } from 'vitest';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  MultiStepLR,
  ReduceLROnPlateau,
  SGD,
  StepLR,
  type LRScheduler,
} from '../src/index.js';
import { useCpu } from './helpers.js';

useCpu();

/** An SGD over two groups with the given lrs. */
function sgd(...lrs: number[]) {
  return new SGD(lrs.map((lr) => ({ params: [tensor([1], { requiresGrad: true })], lr })));
}

/** getLastLr() right after construction (epoch 0), then after each of `epochs` steps. */
function schedule(s: { step(): void; getLastLr(): number[] }, epochs: number): number[][] {
  const out = [s.getLastLr()];
  for (let e = 1; e <= epochs; e++) {
    s.step();
    out.push(s.getLastLr());
  }
  return out;
}

function expectLrs(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((lrs, e) => expect(lrs, `epoch ${e}`).toBeAllClose(expected[e], { rtol: 1e-12, atol: 1e-15 }));
}

describe('StepLR', () => {
  it('lr = initialLr · γ^⌊epoch / stepSize⌋, per group', () => {
    const opt = sgd(1, 0.1);
    const actual = schedule(new StepLR(opt, { stepSize: 3, gamma: 0.5 }), 10);
    const expected = Array.from({ length: 11 }, (_, e) => [1 * 0.5 ** Math.floor(e / 3), 0.1 * 0.5 ** Math.floor(e / 3)]);
    expectLrs(actual, expected);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual(actual[10]);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([1, 0.1]);
  });

  it('decays by 0.1 by default', () => {
    expectLrs(schedule(new StepLR(sgd(0.05), { stepSize: 2 }), 4), [[0.05], [0.05], [0.005], [0.005], [0.0005]]);
  });
});

describe('MultiStepLR', () => {
  it('decays at each milestone, twice at a repeated one', () => {
    const actual = schedule(new MultiStepLR(sgd(1), { milestones: [5, 2, 5], gamma: 0.1 }), 7);
    expectLrs(actual, [[1], [1], [0.1], [0.1], [0.1], [0.001], [0.001], [0.001]]);
  });
});

describe('ExponentialLR', () => {
  it('lr = initialLr · γ^epoch', () => {
    const actual = schedule(new ExponentialLR(sgd(0.1, 1), { gamma: 0.9 }), 12);
    expectLrs(actual, Array.from({ length: 13 }, (_, e) => [0.1 * 0.9 ** e, 0.9 ** e]));
  });
});

describe('CosineAnnealingLR', () => {
  it('follows η_min + (η₀ − η_min)(1 + cos(πt/T))/2, past T too (the recursive form)', () => {
    const T = 10;
    const etaMin = 0.001;
    const actual = schedule(new CosineAnnealingLR(sgd(0.1, 0.02), { tMax: T, etaMin }), 3 * T);
    const closed = (base: number, t: number) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2;
    expectLrs(actual, Array.from({ length: 3 * T + 1 }, (_, t) => [closed(0.1, t), closed(0.02, t)]));
    expect(actual[T]![0]).toBeCloseTo(etaMin, 15);
  });

  it('composes with another change of lr, as PyTorch’s recursive form does', () => {
    // halve the lr by hand at epoch 3: the recursion scales from the current lr
    const opt = sgd(1);
    const s = new CosineAnnealingLR(opt, { tMax: 8 });
    s.step();
    s.step();
    s.step();
    opt.paramGroups[0]!.lr = (opt.paramGroups[0]!.lr as number) / 2;
    s.step();
    const t = 4;
    const previous = (1 + Math.cos((Math.PI * 3) / 8)) / 2 / 2;
    expect(s.getLastLr()[0]).toBeCloseTo(((1 + Math.cos((Math.PI * t) / 8)) / (1 + Math.cos((Math.PI * (t - 1)) / 8))) * previous, 14);
  });

  it('resumes at lastEpoch with the closed form', () => {
    const opt = sgd(0.1);
    new CosineAnnealingLR(opt, { tMax: 10 });
    const resumed = new CosineAnnealingLR(opt, { tMax: 10, lastEpoch: 4 });
    expect(resumed.lastEpoch).toBe(5);
    expect(resumed.getLastLr()[0]).toBeCloseTo((0.1 * (1 + Math.cos(Math.PI / 2))) / 2, 15);
  });
});

describe('LambdaLR', () => {
  it('lr = initialLr · λ(epoch), one λ per group', () => {
    const s = new LambdaLR(sgd(0.1, 0.2), { lrLambda: [(e) => 1 / (e + 1), (e) => 0.95 ** e] });
    expectLrs(schedule(s, 6), Array.from({ length: 7 }, (_, e) => [0.1 / (e + 1), 0.2 * 0.95 ** e]));
  });

  it('one λ for all groups', () => {
    expectLrs(schedule(new LambdaLR(sgd(1, 2), { lrLambda: (e) => e + 1 }), 2), [[1, 2], [2, 4], [3, 6]]);
  });
});

describe('ReduceLROnPlateau', () => {
  it('mode min, relative threshold, patience and cooldown', () => {
    const opt = sgd(1, 0.5);
    const s = new ReduceLROnPlateau(opt, { patience: 2, cooldown: 1, factor: 0.5, minLr: [0.2, 0.3] });
    const losses = [10, 9, 9, 9, 9, 9, 9, 9, 8, 9.9996, 9, 9, 9, 9];
    // epoch:        1  2  3  4  5  6  7  8  9  10      11 12 13 14
    // best 10, 9 at epoch 2; bad epochs 3, 4, 5 → reduce at 5 (3 > patience), cooldown 1 swallows 6;
    // bad 7, 8 (8 is better: best 8, resets); 10 worse; 11 9 > 8·(1 − 1e-4) bad; 12 bad → 3 bad at 12 → reduce
    const lrs = losses.map((l) => {
      s.step(l);
      return s.getLastLr();
    });
    const expected = [
      [1, 0.5], [1, 0.5], [1, 0.5], [1, 0.5], [0.5, 0.3],
      [0.5, 0.3], [0.5, 0.3], [0.5, 0.3], [0.5, 0.3], [0.5, 0.3],
      [0.5, 0.3], [0.25, 0.3], [0.25, 0.3], [0.25, 0.3],
    ];
    expect(lrs).toEqual(expected);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.25, 0.3]);
    expect(s.best).toBe(8);
  });

  it('mode max with an absolute threshold', () => {
    const s = new ReduceLROnPlateau(sgd(0.1), { mode: 'max', threshold: 0.1, thresholdMode: 'abs', patience: 0 });
    s.step(0.5); // better than −∞
    expect(s.getLastLr()[0]).toBe(0.1);
    s.step(0.55); // not > 0.5 + 0.1: bad, 1 > patience 0 → reduce
    expect(s.getLastLr()[0]).toBeCloseTo(0.01, 15);
    s.step(0.7); // better
    expect(s.getLastLr()[0]).toBeCloseTo(0.01, 15);
  });

  it('reads a one-element tensor metric', () => {
    const s = new ReduceLROnPlateau(sgd(0.1), { patience: 0 });
    s.step(tensor(1));
    s.step(tensor([2]));
    expect(s.getLastLr()[0]).toBeCloseTo(0.01, 15);
  });
});

describe('scheduler state dicts', () => {
  it('round-trip through JSON and continue the schedule', () => {
    const make = (opt: SGD): LRScheduler[] => [
      new StepLR(opt, { stepSize: 2, gamma: 0.5 }),
      new CosineAnnealingLR(opt, { tMax: 7, etaMin: 0.01 }),
    ];
    for (const k of [0, 1]) {
      const opt = sgd(0.3);
      const s = make(opt)[k]!;
      for (let i = 0; i < 4; i++) s.step();
      const saved = JSON.parse(JSON.stringify(s.stateDict()));
      const optSaved = JSON.parse(JSON.stringify(opt.stateDict()));
      const rest = schedule(s, 5);

      const opt2 = sgd(0.3);
      const s2 = make(opt2)[k]!;
      opt2.loadStateDict(optSaved);
      s2.loadStateDict(saved);
      expect(schedule(s2, 5)).toEqual(rest);
    }
  });

  it('ReduceLROnPlateau keeps best = Infinity through JSON', () => {
    const s = new ReduceLROnPlateau(sgd(0.1));
    const saved = JSON.parse(JSON.stringify(s.stateDict()));
    expect(saved.best).toBe('Infinity');
    expect(saved.optimizer).toBeUndefined();
    const s2 = new ReduceLROnPlateau(sgd(0.1), { patience: 3 });
    s2.loadStateDict(saved);
    expect(s2.best).toBe(Infinity);
    expect(s2.patience).toBe(10);
  });

  it('LambdaLR leaves its functions out', () => {
    const s = new LambdaLR(sgd(0.1), { lrLambda: (e) => e });
    expect(Object.keys(s.stateDict())).not.toContain('lrLambdas');
  });

  it('refuses a state dict from another scheduler', () => {
    const step = new StepLR(sgd(0.1), { stepSize: 2 });
    const cos = new CosineAnnealingLR(sgd(0.1), { tMax: 2 });
    expect(() => cos.loadStateDict(step.stateDict())).toThrow(/'stepSize', which CosineAnnealingLR does not keep/);
  });
});

describe('scheduler errors', () => {
  it('bad options', () => {
    expect(() => new ReduceLROnPlateau(sgd(0.1), { factor: 1 })).toThrow('Factor should be < 1.0.');
    expect(() => new ReduceLROnPlateau(sgd(0.1), { mode: 'up' as never })).toThrow('mode up is unknown!');
    expect(() => new ReduceLROnPlateau(sgd(0.1), { thresholdMode: 'x' as never })).toThrow('threshold mode x is unknown!');
    expect(() => new ReduceLROnPlateau(sgd(0.1, 0.2), { minLr: [0] })).toThrow('expected 2 minLrs, got 1');
    expect(() => new LambdaLR(sgd(0.1, 0.2), { lrLambda: [(e) => e] })).toThrow('Expected 2 lrLambdas, but got 1');
    expect(() => new StepLR(sgd(0.1), { stepSize: 0 })).toThrow(/positive integer stepSize/);
    expect(() => new CosineAnnealingLR(sgd(0.1), { tMax: 0 })).toThrow(/positive tMax/);
    expect(() => new StepLR({} as never, { stepSize: 1 })).toThrow(/is not an Optimizer/);
  });

  it('resuming (lastEpoch ≥ 0) an optimizer no scheduler has seen', () => {
    expect(() => new StepLR(sgd(0.1), { stepSize: 2, lastEpoch: 3 })).toThrow(
      "param 'initialLr' is not specified in paramGroups[0] when resuming an optimizer",
    );
  });
});
