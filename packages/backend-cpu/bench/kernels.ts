/**
 * Kernel benchmarks of @grad/backend-cpu on this machine (one thread unless
 * `--threads=N`; `--simd=false` for the plain TypeScript path):
 *   matmul 512×512 float32 forward, and forward + backward (GFLOP/s, 2·M·N·K
 *   flops per product; forward + backward is three products);
 *   sum(tanh(2x+1)·x) over 1M float32, forward + backward (ms).
 *
 *   node bench/run.mjs [--simd=false] [--threads=N]
 */
import { registerBackend, tensor, type Tensor } from '@grad/core';
import { cpu, type CpuOptions } from '../src/index.js';

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const options: CpuOptions = { threads: Number(arg('threads') ?? 1) };
if (arg('simd') === 'false') options.simd = false;
registerBackend(cpu(options));

/** Deterministic uniform [-1, 1) values (a linear congruential generator). */
function random(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/**
 * Milliseconds of `runs` calls after `warmup` calls: the median, and the
 * minimum (the figure least disturbed by other processes on a shared machine).
 */
function timing(fn: () => void, warmup: number, runs: number): { median: number; min: number } {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((p, q) => p - q);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}

const N = 512;
const a = tensor(random(N * N, 1), { shape: [N, N], requiresGrad: true });
const b = tensor(random(N * N, 2), { shape: [N, N], requiresGrad: true });
const flops = 2 * N * N * N;
const fwd = timing(() => void a.detach().matmul(b.detach()), 10, 21);
const fwdBwd = timing(() => {
  a.grad = null;
  b.grad = null;
  a.matmul(b).sum().backward();
}, 5, 21);

const x = tensor(random(1 << 20, 3), { requiresGrad: true });
const elementwise = timing(() => {
  x.grad = null;
  const y: Tensor = x.mul(2).add(1).tanh().mul(x).sum();
  y.backward();
}, 3, 21);

console.log(`options ${JSON.stringify(options)}`);
const gflops = (f: number, ms: number) => (f / ms / 1e6).toFixed(1);
console.log(`matmul 512 float32 forward:             median ${fwd.median.toFixed(2)} ms ${gflops(flops, fwd.median)} GFLOP/s, best ${fwd.min.toFixed(2)} ms ${gflops(flops, fwd.min)} GFLOP/s`);
console.log(`matmul 512 float32 forward + backward:  median ${fwdBwd.median.toFixed(2)} ms ${gflops(3 * flops, fwdBwd.median)} GFLOP/s, best ${fwdBwd.min.toFixed(2)} ms ${gflops(3 * flops, fwdBwd.min)} GFLOP/s`);
console.log(`sum(tanh(2x+1)·x), 1M float32, fwd+bwd: median ${elementwise.median.toFixed(2)} ms, best ${elementwise.min.toFixed(2)} ms`);
