import { registerBackend, manualSeed, rand, zeros, mseLoss, tensor } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
registerBackend(cpu({ threads: 1 }));
manualSeed(0);
const x = rand([50, 1]);
const y = x.mul(3).add(0.8);
function run(steps: number): number {
  const w = rand([1, 1], { requiresGrad: true });
  const b = zeros(1, { requiresGrad: true });
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const loss = mseLoss(x.matmul(w).add(b), y);
    loss.backward();
    w.data.sub_(w.grad!.mul(0.01)); b.data.sub_(b.grad!.mul(0.01));
    w.grad!.zero_(); b.grad!.zero_();
  }
  return performance.now() - t0;
}
run(2000);
const times = [1, 2, 3].map(() => run(5000));
console.log('regression 5000 steps ms', times.map((t) => t.toFixed(0)).join(' '));
// op chain
const c = tensor([1, 2, 3, 4], { requiresGrad: true });
const t0 = performance.now();
let z = c;
for (let i = 0; i < 10000; i++) z = z.mul(1.0001);
z.sum().backward();
console.log('chain 10000 µs/op', ((performance.now() - t0) / 10000 * 1000).toFixed(2));
