import { beforeAll, describe, expect, it } from 'vitest';
import { progressLines, runCli, tempOut, type CliRun } from './cli.js';
import type { RunResult } from '../src/run.js';

// 1000 iterations are enough to compare the update rules.
const common = ['--epochs', '1000', '--every', '100'];
let manual: CliRun;
let sgd: CliRun;
let adam: CliRun;
let quiet: CliRun;

beforeAll(async () => {
  [manual, sgd, adam, quiet] = await Promise.all([
    runCli([...common, '--json', '--out', tempOut()]),
    runCli([...common, '--json', '--optimizer', 'sgd', '--out', tempOut()]),
    runCli([...common, '--json', '--optimizer', 'adam', '--out', tempOut()]),
    runCli([...common, '--quiet', '--lr', '0.05', '--out', tempOut()]),
  ]);
}, 60_000);

const parse = (run: CliRun): RunResult => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as RunResult;
};

describe('--optimizer', () => {
  it("sgd (no momentum) is the tutorial's own update, w -= lr·grad: the same numbers", () => {
    const m = parse(manual);
    const s = parse(sgd);
    expect(s.optimizer).toBe('sgd');
    expect(s.log).toHaveLength(10);
    s.log.forEach((e, i) => {
      expect(e.w).toBeCloseTo(m.log[i]!.w, 6);
      expect(e.b).toBeCloseTo(m.log[i]!.b, 6);
    });
  });

  it('adam gets there too', () => {
    const r = parse(adam);
    expect(r.optimizer).toBe('adam');
    // Adam's step is about lr whatever the gradient's size, so it walks from w ≈ 0.5 towards 3
    // at about 0.01 per step: after 1000 steps it is close, and the loss has fallen a hundredfold.
    expect(Math.abs(r.w - 3)).toBeLessThan(0.2);
    expect(Math.abs(r.b - 0.8)).toBeLessThan(0.2);
    expect(r.loss).toBeLessThan(r.log[0]!.loss / 100);
  });
});

describe('--quiet, --lr, --epochs', () => {
  it('--quiet prints no progress, only where the files are', () => {
    expect(quiet.code).toBe(0);
    expect(progressLines(quiet.stdout)).toHaveLength(0);
    expect(quiet.stdout).toMatch(/^trained 1000 iterations in /);
    expect(quiet.stdout).toContain('report.html');
  });
});
