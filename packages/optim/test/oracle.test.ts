import { describe, expect, it } from 'vitest';
import { problem } from './helpers.js';
import { useCpu } from './helpers.js';
import {
  makeOptimizer, makeScheduler, makeSchedulerOptimizer, metricsFor, readFixture, replay, runOptimizerCase, worstDifference,
  type OptimizerCase, type SchedulerCase,
} from './oracle-cases.js';

/**
 * grad against real PyTorch: every case of test/fixtures (written by
 * oracle/generate.py from torch 1.13 in float64) replayed step for step. No
 * Python is needed here; oracle-fresh.test.ts checks that the fixtures are
 * what PyTorch gives today.
 */
useCpu();

const optimizers = readFixture<{ steps: number; cases: OptimizerCase[] }>('optimizers.json');
const schedulers = readFixture<{ epochs: number; metrics: Record<string, number[]>; cases: SchedulerCase[] }>('schedulers.json');

/** Relative to max(1, |x|): the trajectories are float64 and agree far below this. */
const TOLERANCE = 1e-11;

describe('optimizers step for step against PyTorch', () => {
  const worst = new Map<string, number>();

  it.each(optimizers.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { out, ax } = runOptimizerCase(c, optimizers.steps);
    const d = worstDifference(out, c.trajectory);
    expect(d, `largest relative difference from PyTorch (${c.source})`).toBeLessThanOrEqual(TOLERANCE);
    if (c.ax !== undefined) expect(worstDifference(ax, c.ax), 'ASGD ax').toBeLessThanOrEqual(TOLERANCE);
    worst.set(c.optimizer, Math.max(worst.get(c.optimizer) ?? 0, d, c.ax === undefined ? 0 : worstDifference(ax, c.ax)));
  });

  it('state dict saved mid-run (through JSON) and loaded into a fresh optimizer continues identically', () => {
    const k = 8;
    for (const c of optimizers.cases) {
      const whole = runOptimizerCase(c, optimizers.steps).out;
      const first = runOptimizerCase(c, k);
      const saved = JSON.parse(JSON.stringify(first.opt.stateDict()));
      const p = problem(first.p.values());
      const fresh = makeOptimizer(c, p);
      fresh.loadStateDict(saved);
      const rest = runOptimizerCase(c, optimizers.steps - k, p, fresh).out;
      expect(rest, c.name).toEqual(whole.slice(k));
    }
  });

  it('reports the largest difference per optimizer', () => {
    const lines = [...worst].map(([name, d]) => `${name.padEnd(9)} ${d.toExponential(1)}`);
    console.log(`largest relative difference from PyTorch over ${optimizers.cases.length} cases, per optimizer:\n${lines.join('\n')}`);
    expect(worst.size).toBeGreaterThanOrEqual(11);
  });
});

describe('schedulers epoch for epoch against PyTorch', () => {
  let worst = 0;

  it.each(schedulers.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opt = makeSchedulerOptimizer(c);
    const sched = makeScheduler(c.scheduler, opt);
    const metrics = metricsFor(c, schedulers.metrics);
    const first = 'getLastLr' in sched && c.scheduler.kind !== 'ReduceLROnPlateau' ? sched.getLastLr() : opt.paramGroups.map((g) => g.lr as number);
    const { lrs, momentums } = replay(c, opt, sched, metrics, 1, schedulers.epochs);
    const all = [first, ...lrs];
    worst = Math.max(worst, worstDifference([all], [c.lrs]), c.momentums === undefined ? 0 : worstDifference([momentums], [c.momentums.slice(1)]));
    all.forEach((row, e) => expect(row, `epoch ${e}`).toBeAllClose(c.lrs[e], { rtol: 1e-12, atol: 1e-15 }));
    expect(all.map((r) => r.length)).toEqual(c.lrs.map((r) => r.length));
    if (c.momentums !== undefined) momentums.forEach((row, e) => expect(row, `momentum, epoch ${e + 1}`).toBeAllClose(c.momentums![e + 1], { rtol: 1e-12, atol: 1e-15 }));
  });

  it('reports the largest difference', () => {
    console.log(`largest relative difference from PyTorch over ${schedulers.cases.length} scheduler cases (lrs and momentums): ${worst.toExponential(1)}`);
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it('state dicts saved mid-schedule (through JSON) and loaded into fresh instances continue identically', () => {
    const k = 10;
    for (const c of schedulers.cases.filter((x) => !x.events.some((e) => e.addParamGroup !== undefined && e.epoch <= k))) {
      const metrics = metricsFor(c, schedulers.metrics);
      const opt = makeSchedulerOptimizer(c);
      const sched = makeScheduler(c.scheduler, opt);
      replay(c, opt, sched, metrics, 1, k);
      const savedOpt = JSON.parse(JSON.stringify(opt.stateDict()));
      const savedSched = JSON.parse(JSON.stringify(sched.stateDict()));
      const opt2 = makeSchedulerOptimizer(c);
      const sched2 = makeScheduler(c.scheduler, opt2);
      opt2.loadStateDict(savedOpt);
      sched2.loadStateDict(savedSched);
      const rest = replay(c, opt2, sched2, metrics, k + 1, schedulers.epochs);
      rest.lrs.forEach((row, i) => expect(row, `${c.name}, epoch ${k + 1 + i}`).toBeAllClose(c.lrs[k + 1 + i], { rtol: 1e-12, atol: 1e-15 }));
    }
  });
});
