import { registerBackend, tensor, ones } from '@grad/core';
import { cpu } from '../../src/index.ts';
registerBackend(cpu());
const N = 512;
const a = tensor(new Float32Array(N * N).map(() => Math.random()), { shape: [N, N] });
const b = tensor(new Float32Array(N * N).map(() => Math.random()), { shape: [N, N] });
const g = ones([N, N]);
const ge = tensor(1).expand([N, N]);
function time(name: string, f: () => void) {
  for (let i = 0; i < 8; i++) f();
  const t: number[] = [];
  for (let i = 0; i < 11; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); }
  t.sort((x, y) => x - y);
  console.log(name, t[5]!.toFixed(2), 'ms');
}
time('AB', () => a.matmul(b));
time('GBt', () => g.matmul(b.transpose(0, 1)));
time('AtG', () => a.transpose(0, 1).matmul(g));
time('GeBt', () => ge.matmul(b.transpose(0, 1)));
time('sum', () => a.sum());
const ar = tensor(new Float32Array(N * N).map(() => Math.random()), { shape: [N, N], requiresGrad: true });
time('fwdbwd', () => { ar.grad = null; ar.matmul(b).sum().backward(); });
