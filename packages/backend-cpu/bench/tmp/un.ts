import { WasmRuntime } from '../../src/wasm/runtime.ts';
const rt = new WasmRuntime();
rt.reset();
const at = rt.alloc(8192 * 4), out = rt.alloc(8192 * 4);
rt.f32.fill(0.5, at / 4, at / 4 + 8192);
for (const op of ['u_tanh_f32', 'u_exp_f32', 'u_neg_f32', 'b_add_f32']) {
  const fn = rt.kernels[op]!;
  const run = () => { for (let i = 0; i < 128; i++) op.startsWith('b') ? fn(at, 16, at, 16, out, 2048) : fn(at, out, 2048); };
  for (let w = 0; w < 3; w++) { const t0 = performance.now(); run(); console.log(op, 'warm', (performance.now() - t0).toFixed(2)); }
  const t: number[] = [];
  for (let i = 0; i < 11; i++) { const t0 = performance.now(); run(); t.push(performance.now() - t0); }
  t.sort((a, b) => a - b);
  console.log(op, '1M elems', t[5]!.toFixed(2), 'ms');
}
