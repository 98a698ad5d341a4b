import { binaryRow } from '../../src/codegen.ts';
const N = 1 << 20;
function time(name: string, f: () => void) {
  for (let i = 0; i < 5; i++) f();
  const t: number[] = [];
  for (let i = 0; i < 15; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  console.log(name.padEnd(12), t[7]!.toFixed(2), 'ms');
}
const X = new Float32Array(N).map(() => Math.random());
const Y = new Float32Array(N).map(() => Math.random());
const mul = binaryRow((a, b) => a * b);
time('row mul f32', () => { const o = new Float32Array(N); mul(X, 0, 1, Y, 0, 1, o, 0, N); });
time('raw mul', () => { const o = new Float32Array(N); for (let i = 0; i < N; i++) o[i] = X[i]! * Y[i]!; });
const Xd = new Float64Array(N), Yd = new Float64Array(N);
mul(Xd, 0, 1, Yd, 0, 1, new Float64Array(N), 0, N);
mul(new Int32Array(N), 0, 1, new Int32Array(N), 0, 1, new Int32Array(N), 0, N);
time('row mul f32 after poly', () => { const o = new Float32Array(N); mul(X, 0, 1, Y, 0, 1, o, 0, N); });
time('raw mul', () => { const o = new Float32Array(N); for (let i = 0; i < N; i++) o[i] = X[i]! * Y[i]!; });
