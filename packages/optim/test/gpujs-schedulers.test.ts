import { registerBackend, tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { gpujs, isModeAvailable } from '@grad/backend-gpujs';
import { describe, expect, it } from 'vitest';
import { Adam, ReduceLROnPlateau, SGD, type Optimizer } from '../src/index.js';
import { lrsOf, makeScheduler, metricsFor, readFixture, replay, type SchedulerCase } from './oracle-cases.js';

/**
 * Every scheduler on the gpu.js backend, driving tensor lrs that live there
 * (PyTorch's tensor lr): each epoch's optimizer.step() and scheduler.step()
 * read nothing back to the host (the scheduler knows each lr it wrote), and
 * the schedule is PyTorch's (the fixtures), to float32's precision.
 */
registerBackend(cpu());

const fixture = readFixture<{ epochs: number; metrics: Record<string, number[]>; cases: SchedulerCase[] }>('schedulers.json');
// one case per scheduler kind (and the composite ones), without groups added on the way
const cases = fixture.cases.filter((c, i, all) => c.events.length === 0 && all.findIndex((d) => d.scheduler.kind === c.scheduler.kind && d.events.length === 0) === i);

describe.runIf(isModeAvailable('webasm'))('schedulers on the gpujs backend (webasm), tensor lrs', () => {
  it.each(cases.map((c) => [c.scheduler.kind, c] as const))('%s: no host reads per epoch, PyTorch’s schedule', (_kind, c) => {
    const backend = gpujs({ mode: 'webasm' });
    registerBackend(backend);
    registerBackend(cpu()); // the default stays cpu; the tensors below ask for gpujs
    try {
      const device = 'gpujs';
      const groups = c.optimizer.groups.map((g) => ({ ...g, lr: tensor(g.lr as number, { device }), params: [tensor([1, 2], { device, requiresGrad: true })] }));
      const opt: Optimizer<any, any> = c.optimizer.kind === 'Adam' ? new Adam(groups) : new SGD(groups);
      const sched = makeScheduler(c.scheduler, opt);
      const metrics = metricsFor(c, fixture.metrics);
      const reads: number[] = [];
      const lrs: number[][] = [];
      for (let epoch = 1; epoch <= 12; epoch++) {
        for (const g of opt.paramGroups) for (const p of g.params) p.pow(2).sum().backward();
        const before = backend.transfers;
        opt.step();
        const { lrs: row } = replay(c, opt, sched, metrics, epoch, epoch);
        reads.push(backend.transfers - before);
        opt.zeroGrad();
        lrs.push(row[0] as number[]);
      }
      expect(reads).toEqual(new Array(12).fill(0));
      lrs.forEach((row, e) => expect(row, `epoch ${e + 1}`).toBeAllClose(c.lrs[e + 1], { rtol: 1e-5, atol: 1e-9 }));
      // the tensors hold what the scheduler says (this read is outside the loop)
      if (!(sched instanceof ReduceLROnPlateau)) expect(lrsOf(opt)).toBeAllClose(lrs[11], { rtol: 1e-7, atol: 0 });
      expect(opt.paramGroups.every((g) => typeof g.lr !== 'number' && g.lr.device === 'gpujs')).toBe(true);
    } finally {
      backend.destroy();
    }
  });
});
