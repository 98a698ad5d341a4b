/**
 * `pnpm bench`: a 512×512 matmul, forward and backward, on the CPU backend
 * and on gpu.js in every mode this machine has. Each timed run ends by
 * reading one number from each gradient, so asynchronous GL work is counted.
 * Run under `xvfb-run -a` to include headlessgl.
 *
 *   pnpm bench                  # all modes available
 *   pnpm bench -- --n 256 --runs 5
 */
import { randn, registerBackend, tidy, type Tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { gpujs, isModeAvailable, type GpujsMode } from '../src/index.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const n = arg('n', 512);
const runs = arg('runs', 5);

/** Median milliseconds of forward + backward of sum(x @ w), after one warm-up run that compiles. */
function time(device: string): number {
  const step = (): void => {
    tidy(() => {
      const x = randn([n, n], { requiresGrad: true, device });
      const w = randn([n, n], { requiresGrad: true, device });
      x.matmul(w).sum().backward();
      // dL/dx = 1·wᵀ, dL/dw = xᵀ·1: reading one sum of each waits for both.
      const grads = [x.grad, w.grad] as Tensor[];
      for (const g of grads) g.sum().item();
      for (const g of grads) g.dispose();
    });
  };
  step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const rows: { backend: string; ms: number }[] = [];
registerBackend(cpu());
rows.push({ backend: 'cpu (@grad/backend-cpu)', ms: time('cpu') });
const modes: GpujsMode[] = ['cpu', 'webasm', 'headlessgl'];
for (const mode of modes) {
  if (!isModeAvailable(mode)) {
    console.log(`gpujs ${mode}: not available here${mode === 'headlessgl' ? ' (run under xvfb-run -a with the gl module built)' : ''}`);
    continue;
  }
  const backend = gpujs({ mode });
  registerBackend(backend);
  rows.push({ backend: `gpujs ${mode}`, ms: time('gpujs') });
  backend.destroy();
}
const base = rows[0]!.ms;
console.log(`\nmatmul ${n}×${n} forward + backward, median of ${runs} runs\n`);
console.log('| backend | ms | vs cpu backend |');
console.log('| --- | ---: | ---: |');
for (const r of rows) console.log(`| ${r.backend} | ${r.ms.toFixed(1)} | ${(base / r.ms).toFixed(2)}× |`);
