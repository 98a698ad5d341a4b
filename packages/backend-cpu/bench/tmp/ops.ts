import { registerBackend, tensor } from '@grad/core';
import { cpu } from '../../src/index.ts';
registerBackend(cpu());
const N = 1 << 20;
const x = tensor(new Float32Array(N).map(() => Math.random() * 2 - 1));
const y = tensor(new Float32Array(N).map(() => Math.random() * 2 - 1));
function time(name: string, f: () => void) {
  for (let i = 0; i < 5; i++) f();
  const t: number[] = [];
  for (let i = 0; i < 15; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  console.log(name.padEnd(12), t[7]!.toFixed(2), 'ms');
}
time('alloc 4MB', () => new Float32Array(N));
time('copy 4MB', () => new Float32Array(N).set(x._view ? (x as any) : new Float32Array(0)));
time('mul scalar', () => x.mul(2));
time('add', () => x.add(y));
time('mul', () => x.mul(y));
time('rsub', () => x.neg().add(1));
time('tanh', () => x.tanh());
time('exp', () => x.exp());
time('log', () => x.abs().log());
time('sigmoid', () => x.sigmoid());
time('sum', () => x.sum());
time('max', () => x.max());
const X = new Float32Array(N).map(() => Math.random());
time('raw mul', () => { const o = new Float32Array(N); for (let i = 0; i < N; i++) o[i] = X[i]! * 2; });
time('raw tanh', () => { const o = new Float32Array(N); for (let i = 0; i < N; i++) o[i] = Math.tanh(X[i]!); });
time('raw sum', () => { let s = 0; for (let i = 0; i < N; i++) s += X[i]!; return s; });
