import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempOut, type CliRun } from './cli.js';
import type { RunResult } from '../src/run.js';

// The same seed on the cpu backend and on gpu.js (its JavaScript and its
// WebAssembly modes, which run in any Node): the same trajectory to float32
// tolerance. gpu.js is chosen once by the flag and once by GRAD_BACKEND. Its
// JavaScript mode is the slowest, so it runs the first 1000 iterations only.
let cpuRun: CliRun;
let gpuCpuRun: CliRun;
let gpuWasmRun: CliRun;

beforeAll(async () => {
  [cpuRun, gpuCpuRun, gpuWasmRun] = await Promise.all([
    runCli(['--json', '--backend', 'cpu', '--out', tempOut()], { GRAD_BACKEND: 'gpujs' }),
    runCli(['--json', '--backend', 'gpujs', '--epochs', '1000', '--out', tempOut()], { GRAD_GPUJS_MODE: 'cpu' }),
    runCli(['--json', '--out', tempOut()], { GRAD_BACKEND: 'gpujs', GRAD_GPUJS_MODE: 'webasm' }),
  ]);
}, 60_000);

const parse = (run: CliRun): RunResult => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as RunResult;
};

describe('--backend and GRAD_BACKEND', () => {
  it('--json prints one JSON object on stdout, and the progress lines on stderr', () => {
    const r = parse(cpuRun);
    // The flag wins over GRAD_BACKEND=gpujs.
    expect(r).toMatchObject({ backend: 'cpu', seed: 0, lr: 0.01, epochs: 5000, optimizer: 'manual' });
    expect(r.log).toHaveLength(25);
    expect(r.log[0]!.iteration).toBe(200);
    expect(r.log.at(-1)!.iteration).toBe(5000);
    expect(Object.keys(r.files).sort()).toEqual(['fitPng', 'fitSvg', 'graphDot', 'graphPng', 'graphSvg', 'lossPng', 'lossSvg', 'report']);
    expect(cpuRun.stderr.split('\n').filter((l) => l.startsWith('w,b,loss: '))).toHaveLength(25);
  });

  it('runs on gpu.js in its cpu mode (--backend gpujs)', () => {
    const r = parse(gpuCpuRun);
    expect(r).toMatchObject({ backend: 'gpujs', mode: 'cpu', epochs: 1000 });
    expect(r.log).toHaveLength(5);
  });

  it('runs on gpu.js in its webasm mode (GRAD_BACKEND=gpujs)', () => {
    const r = parse(gpuWasmRun);
    expect(r).toMatchObject({ backend: 'gpujs', mode: 'webasm' });
    expect(r.loss).toBeLessThan(1e-5);
  });

  it('cpu and gpu.js follow the same trajectory to float32 tolerance', () => {
    const cpu = parse(cpuRun);
    for (const gpu of [parse(gpuCpuRun), parse(gpuWasmRun)]) {
      expect(gpu.log.length).toBeGreaterThanOrEqual(5);
      gpu.log.forEach((e, i) => {
        const ref = cpu.log[i]!;
        expect(e.iteration).toBe(ref.iteration);
        expect(Math.abs(e.w - ref.w), `w at ${e.iteration}`).toBeLessThan(1e-4);
        expect(Math.abs(e.b - ref.b), `b at ${e.iteration}`).toBeLessThan(1e-4);
        // The loss is a difference of nearly equal float32 numbers near the end: relative 1e-2, or 1e-8 absolute.
        expect(Math.abs(e.loss - ref.loss), `loss at ${e.iteration}`).toBeLessThan(Math.max(1e-2 * ref.loss, 1e-8));
      });
    }
  });
});
