import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualSeed, memory, mseLoss, noGrad, rand, registerBackend, setBackend, tidy, zeros, type Tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { gpujs } from '../src/index.js';
import { CHECK_EVERY, GrowthWatch, WARN_AFTER } from '../src/growth-watch.js';
import { describeWhere } from '@grad/vitest-config/requirements';
import { modeRequirement, NODE_MODES } from './modes.js';

// A loop that never yields cannot free what it drops (finalizers run only
// between tasks): the backend notices the growth and says once what to do.

afterEach(() => {
  vi.restoreAllMocks();
});

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('GrowthWatch', () => {
  const grow = (watch: GrowthWatch, from: number, to: number): void => {
    for (let live = from; live <= to; live++) watch.allocated({ live, bytes: live * 4 });
  };

  it(`warns once when ${WARN_AFTER} storages pile up with no task boundary, naming the numbers`, () => {
    const warnings: string[] = [];
    const watch = new GrowthWatch('gpujs backend (headlessgl)', true, (m) => warnings.push(m));
    grow(watch, 1, CHECK_EVERY + WARN_AFTER - 1);
    expect(warnings).toEqual([]);
    grow(watch, CHECK_EVERY + WARN_AFTER, 40_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('gpujs backend (headlessgl): 11,000 textures (0.0 MB) are alive, 10,000 more than when the program last yielded');
    expect(warnings[0]).toContain('tidy(() => { … })');
    expect(warnings[0]).toContain('await new Promise((r) => setTimeout(r, 0))');
    expect(watch.hasWarned).toBe(true);
  });

  it('awaiting a settled promise is not a task boundary: still warns', async () => {
    const warnings: string[] = [];
    const watch = new GrowthWatch('gpujs backend (webasm)', false, (m) => warnings.push(m));
    for (let live = 1; live <= 20_000; live++) {
      watch.allocated({ live, bytes: live * 4 });
      if (live % 100 === 0) await null;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^gpujs backend \(webasm\): 11,000 device storages \(0\.0 MB\) are alive/);
  });

  it('a loop that reaches the event loop now and then is not warned about', async () => {
    const warnings: string[] = [];
    const watch = new GrowthWatch('gpujs backend (webasm)', false, (m) => warnings.push(m));
    for (let live = 1; live <= 40_000; live++) {
      watch.allocated({ live, bytes: live * 4 });
      if (live % 5000 === 0) await nextTask();
    }
    expect(warnings).toEqual([]);
  });
});

/** The README's training loop: fit y = 3x + 0.8 with SGD-by-hand steps (the optimizer's update, written out). */
function readmeLoop(steps: number, options: { tidy?: boolean; onStep?: (i: number) => void } = {}): { w: Tensor; b: Tensor } {
  manualSeed(0);
  const x = rand([50, 1]);
  const y = x.mul(3).add(0.8);
  const w = rand([1, 1], { requiresGrad: true });
  const b = zeros(1, { requiresGrad: true });
  const step = (): void => {
    const loss = mseLoss(x.matmul(w).add(b), y);
    loss.backward();
    // SGD, as optim's step does it: p -= lr·grad under noGrad, then zero the
    // grads in place (zeroGrad({ setToNone: false })): a replaced .grad
    // survives tidy() and would be freed only by the collector.
    noGrad(() => {
      w.sub_(w.grad!.mul(0.1));
      b.sub_(b.grad!.mul(0.1));
      w.grad!.zero_();
      b.grad!.zero_();
    });
  };
  for (let i = 0; i < steps; i++) {
    if (options.tidy) tidy(step);
    else step();
    options.onStep?.(i);
  }
  return { w, b };
}

for (const mode of NODE_MODES) {
  describeWhere(`gpujs (${mode}): the README loop and device memory`, modeRequirement(mode), () => {
    it('a plain loop that never yields grows, and is told once what to do, with the numbers', () => {
      const backend = gpujs({ mode });
      registerBackend(backend);
      setBackend('gpujs');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      let atWarning: { tensors: number; bytes: number } | null = null;
      // ~8 storages leak per step: past WARN_AFTER after ~1,400 steps (software GL is slow: no more than that).
      const steps = mode === 'headlessgl' ? 1600 : 2000;
      readmeLoop(steps, {
        onStep: () => {
          if (atWarning === null && warn.mock.calls.length > 0) atWarning = memory()['gpujs']!;
        },
      });
      expect(warn).toHaveBeenCalledTimes(1);
      const text = String(warn.mock.calls[0]![0]);
      expect(text).toMatch(new RegExp(`^gpujs backend \\(${mode}\\): [\\d,]+ (textures|device storages) \\([\\d.]+ MB\\) are alive, [\\d,]+ more than when the program last yielded`));
      // The numbers are the backend's own counts at that moment (within the step that crossed the line).
      const live = Number(text.match(/: ([\d,]+) /)![1]!.replace(/,/g, ''));
      expect(live).toBeGreaterThanOrEqual(WARN_AFTER);
      expect(atWarning!.tensors - live).toBeLessThan(30);
      expect(memory()['gpujs']!.tensors).toBeGreaterThan(steps * 5);
      backend.destroy();
      setBackend('cpu');
    }, 120_000);

    it('the same loop in tidy() holds memory flat over many steps, and trains', () => {
      const backend = gpujs({ mode });
      registerBackend(backend);
      setBackend('gpujs');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const samples: number[] = [];
      const steps = mode === 'headlessgl' ? 800 : 5000;
      const { w, b } = readmeLoop(steps, {
        tidy: true,
        onStep: (i) => {
          if (i % 500 === 499) samples.push(memory()['gpujs']!.tensors);
        },
      });
      expect(new Set(samples).size).toBe(1);
      expect(warn).not.toHaveBeenCalled();
      // gradient descent on the mean squared error converges to the line y = 3x + 0.8
      expect(w.item()).toBeCloseTo(3, 1);
      expect(b.item()).toBeCloseTo(0.8, 1);
      backend.destroy();
      setBackend('cpu');
    }, 120_000);
  });
}

registerBackend(cpu());
